/** Records of runs and failures as the store keeps them (shared by the store and its row mappers). */

export interface RunStart {
  id: string;
  runKey: string;
  engine: string;
  settings: Record<string, unknown>;
  questionSetHash: string;
}

export interface RunRecord extends RunStart {
  startedAt: string;
  finishedAt?: string;
  manifest?: unknown;
}

export interface FailureInput {
  path: string;
  /** SHA-256 of the file, when it could be read. */
  fileHash?: string | null;
  runKey: string;
  /** Usually a MethodscopeError code. */
  code: string;
  message: string;
}

export interface FailureRecord {
  path: string;
  fileHash?: string;
  runKey: string;
  code: string;
  message: string;
  at: string;
}
