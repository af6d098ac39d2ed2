/** What a CLI command may touch: injected so tests run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is an interactive terminal (progress bars are drawn only then). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The process's own streams, for bin/methodscope.js. */
export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}
