/**
 * A cascade: the offline extractive engine answers every question; only the questions whose calibrated
 * confidence is below a threshold τ go to the LLM engine (one model or a vote), which then decides them.
 * Each answer says who decided it (`engine` and a `decided-by-…` flag). A failed LLM call leaves the
 * extractive answers in place, flagged `llm-failed`, never a silent "no". `stats()` counts questions
 * sent and saved beside the LLM engine's own counters.
 */
import { describeError } from "../errors.js";
import type { Answer, Engine, EngineInput, Question } from "../types.js";

/**
 * Default τ, chosen by grouped (by paper) 5-fold cross-validation on the development papers without
 * human judgements, with K24's five-model vote as silver: on each training fold, the τ that maximised
 * agreement with the vote while sending at most 30% of the questions; this is the τ that rule picks on
 * all of them (scripts/bench-replay.ts prints the folds; BENCHMARKS.md, issue 13).
 */
export const DEFAULT_CASCADE_THRESHOLD = 0.84;

/** The share of questions the default τ may send to the LLMs when it is chosen. */
export const CASCADE_BUDGET = 0.3;

export const CASCADE_FLAGS = {
  extractive: "decided-by-extractive",
  llm: "decided-by-llm",
  failed: "llm-failed",
} as const;

export interface CascadeOptions {
  /** The engine that answers every question first; its `confidence` is a calibrated probability. */
  first: Engine;
  /** The engine asked about the uncertain questions (an LLM, or a vote of several). */
  llm: Engine;
  /** Questions with confidence below τ go to the LLM. */
  threshold: number;
}

/** What a cascade counted over a run. */
export interface CascadeStats {
  threshold: number;
  papers: number;
  questions: number;
  /** Questions sent to the LLM engine. */
  sent: number;
  /** Questions answered by the extractive engine alone (no call). */
  saved: number;
  /** Papers whose LLM step failed; their extractive answers stand, flagged. */
  failedPapers: number;
  /** Questions left to the extractive engine because the LLM step failed. */
  failedQuestions: number;
  failures: string[];
}

/** The questions the cascade sends on: confidence below τ. */
export function uncertainQuestions(answers: readonly Answer[], threshold: number): Set<number> {
  return new Set(answers.filter((a) => a.confidence < threshold).map((a) => a.cq));
}

/**
 * A cascade engine.
 * @example createCascadeEngine({ first: createExtractiveEngine(), llm: vote, threshold: 0.8 })
 */
export function createCascadeEngine(options: CascadeOptions): Engine {
  const { first, llm, threshold } = options;
  const counts: CascadeStats = {
    threshold,
    papers: 0,
    questions: 0,
    sent: 0,
    saved: 0,
    failedPapers: 0,
    failedQuestions: 0,
    failures: [],
  };
  const name = `cascade(${first.name}<${threshold}>${llm.name})`;

  const answerAll = async (input: EngineInput, questions: Question[]): Promise<Answer[]> => {
    const firstAnswers = await answerWith(first, input, questions);
    const uncertain = uncertainQuestions(firstAnswers, threshold);
    const sent = questions.filter((q) => uncertain.has(q.cq));
    counts.papers++;
    counts.questions += questions.length;
    counts.sent += sent.length;
    counts.saved += questions.length - sent.length;
    const byCq = new Map<number, Answer>();
    if (sent.length > 0) {
      try {
        for (const a of await answerWith(llm, input, sent)) byCq.set(a.cq, a);
      } catch (error) {
        counts.failedPapers++;
        counts.failedQuestions += sent.length;
        if (counts.failures.length < 20) counts.failures.push(`${input.document.path}: ${describeError(error)}`);
      }
    }
    return firstAnswers.map((a) => decide(a, uncertain.has(a.cq), byCq.get(a.cq), threshold));
  };

  return {
    name,
    settings: { mode: "cascade", threshold, first: first.settings, llm: { name: llm.name, settings: llm.settings } },
    answer: async (input, q) => (await answerAll(input, [q]))[0] as Answer,
    answerAll,
    stats: () => ({ ...(llm.stats?.() ?? {}), cascade: { ...counts, failures: [...counts.failures] } }),
    close: async () => {
      await Promise.all([first.close?.(), llm.close?.()]);
    },
  };
}

/** One question's final answer: the extractive one when sure, else the LLM's (or the extractive one, flagged). */
export function decide(extractive: Answer, sent: boolean, fromLlm: Answer | undefined, threshold: number): Answer {
  const trace = { reported: extractive.reported, confidence: extractive.confidence, threshold };
  if (!sent) return withFlag(extractive, CASCADE_FLAGS.extractive);
  if (!fromLlm) {
    return withFlag(
      { ...extractive, flags: [...(extractive.flags ?? []), CASCADE_FLAGS.failed] },
      CASCADE_FLAGS.extractive,
    );
  }
  return withFlag({ ...fromLlm, values: { ...fromLlm.values, extractive: trace } }, CASCADE_FLAGS.llm);
}

function withFlag(answer: Answer, flag: string): Answer {
  return { ...answer, flags: [...(answer.flags ?? []).filter((f) => f !== flag), flag] };
}

async function answerWith(engine: Engine, input: EngineInput, questions: Question[]): Promise<Answer[]> {
  if (engine.answerAll) return engine.answerAll(input, questions);
  return Promise.all(questions.map((q) => engine.answer(input, q)));
}
