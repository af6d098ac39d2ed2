/**
 * Answering one bench publication: its text as a Document, the engine input `extract` would build
 * (chunks, BM25), K24's per-question contexts, and the engine a context needs. Shared by the bench
 * runner (bench.ts) and its worker threads (bench-worker.ts).
 */
import { createExtractiveEngine, type DlDetection, detectDeepLearning } from "../answer/extractive/index.js";
import { type ChunkStrategy, chunkDocument } from "../ingest/chunk.js";
import { buildDocument } from "../ingest/document.js";
import { createMemoryRetriever } from "../retrieve/index.js";
import type { Answer, Document, Engine, EngineInput, Question } from "../types.js";
import { loadChunks, retrievedText } from "./bench-data.js";

/** An engine that takes each paper's deep-learning decision from outside (K24's per-question contexts). */
export type PaperAwareEngine = (deepLearning: (document: Document) => boolean | undefined) => Engine;

/**
 * Builds the engine input for one text: the same ingest → chunk → BM25 path `extract` uses, with
 * methodscope's section chunks or K24's 1,000-character chunks (what `--mode k24` needs).
 */
export function engineInputFor(
  uid: string,
  text: string,
  chunking: ChunkStrategy = "sections",
  title?: string,
): EngineInput {
  const document = benchDocument(uid, text, title);
  const chunks = chunkDocument(document, chunking);
  return { document, chunks, retrieve: createMemoryRetriever(chunks) };
}

/** How a bench paper's chunks are joined into one text. */
export const CHUNK_JOIN = "\n\n";

/**
 * A bench paper's text as a Document. Its chunks have no first page to guess a title from, so the
 * publication's recorded title is the title (a guess would take the first chunk's opening lines,
 * and the engine never quotes what it takes for the paper's own title).
 */
export function benchDocument(uid: string, text: string, title?: string): Document {
  return buildDocument({ id: uid, path: uid, pages: [text], title: title || uid });
}

/**
 * K24's context for one question is what its retriever chose: an engine that retrieves gets every
 * chunk of it, in order, whatever its own ranking would keep (BM25 finds no shared word in many of
 * the chunks K24's embedding model picked).
 */
function givenContext(input: EngineInput): EngineInput {
  const all = input.chunks.map((c) => ({ ...c, score: 1 }));
  return { ...input, retrieve: () => all };
}

/** The engine a bench run answers with, and the per-paper deep-learning decisions it reads (`k24`). */
export interface BenchAnswerer {
  engine: Engine;
  paperDl?: Map<string, DlDetection>;
}

/** What {@link answerPublication} needs besides the answerer: where, what, and how. */
export interface PublicationTask {
  dir: string;
  uid: string;
  title?: string;
  questions: Question[];
  context: "all" | "k24";
  chunking: ChunkStrategy;
}

/** Every question's answer for one bench publication, as `runReportedBench` records them. */
export async function answerPublication(task: PublicationTask, answerer: BenchAnswerer): Promise<Answer[]> {
  const { dir, uid, title, questions, context, chunking } = task;
  const { engine, paperDl } = answerer;
  const file = loadChunks(dir, uid);
  if (context === "all") {
    const input = engineInputFor(uid, file.chunks.join(CHUNK_JOIN), chunking, title);
    if (engine.answerAll) return engine.answerAll(input, questions);
    return Promise.all(questions.map((q) => engine.answer(input, q)));
  }
  // Decided once from the whole paper, then looked up by document id for every per-CQ context.
  paperDl?.set(uid, detectDeepLearning(benchDocument(uid, file.chunks.join(CHUNK_JOIN), title)));
  // All questions at once: an LLM engine's provider limits how many calls run together.
  const answers = await Promise.all(
    questions.map((q) =>
      engine.answer(givenContext(engineInputFor(uid, retrievedText(file, q.cq).join(CHUNK_JOIN), chunking, title)), q),
    ),
  );
  paperDl?.delete(uid);
  return answers;
}

/**
 * The answerer for a context: for `k24`, an engine that takes each paper's deep-learning decision from
 * its whole text (a fresh extractive engine with the given one's settings, or `paperAwareEngine`);
 * for `all`, the given engine as is.
 */
export function benchAnswerer(
  engine: Engine,
  context: "all" | "k24",
  paperAwareEngine?: PaperAwareEngine,
): BenchAnswerer {
  if (context !== "k24") return { engine };
  const paperDl = new Map<string, DlDetection>();
  if (paperAwareEngine) return { engine: paperAwareEngine((d) => paperDl.get(d.id)?.dl), paperDl };
  if (engine.name !== "extractive") return { engine };
  const extractive = createExtractiveEngine({
    ...extractiveSpecOf(engine),
    paperDetection: (d) => paperDl.get(d.id),
  });
  return { engine: extractive, paperDl };
}

/** What rebuilds an extractive engine elsewhere (a bench worker): its plain settings. */
export interface ExtractiveSpec {
  thresholdScale?: number;
  maxEvidence?: number;
  learned?: null;
}

/** The spec of an extractive engine's settings (its learned layer: the shipped one, or none). */
export function extractiveSpecOf(engine: Pick<Engine, "settings">): ExtractiveSpec {
  return {
    thresholdScale: numberSetting(engine.settings.thresholdScale),
    maxEvidence: numberSetting(engine.settings.maxEvidence),
    ...(engine.settings.learned === null ? { learned: null } : {}),
  };
}

function numberSetting(x: unknown): number | undefined {
  return typeof x === "number" ? x : undefined;
}
