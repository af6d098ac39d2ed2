/**
 * Structured mode: per paper, questions go to the model in batches; each call carries the chunks
 * retrieved for its questions and asks for one JSON answer per question. Questions with no
 * retrieved chunk are answered "no" without a call (evidence gating). Every quote is checked
 * against the paper; a "yes" left without a verified quote becomes "no" and is flagged.
 */
import { MethodscopeError } from "../../errors.js";
import type { ChatMessage, ChatResponse, LlmProvider } from "../../llm/types.js";
import type { Answer, Engine, EngineInput, Evidence, Question, ScoredChunk } from "../../types.js";
import { createQuoteChecker } from "./evidence-check.js";
import { parseStructuredReply, STRUCTURED_JSON_SCHEMA, type StructuredItem } from "./parse.js";
import {
  promptHash,
  repairPrompt,
  resolveStructuredPrompts,
  type StructuredPrompts,
  structuredUserPrompt,
} from "./prompts.js";
import { createStatsTracker, type StatsTracker } from "./stats.js";

export interface StructuredEngineOptions {
  provider: LlmProvider;
  /** Questions per call. Default 7 (the 28 CQs in four calls). */
  batchSize?: number;
  /** Chunks retrieved per question. Default 4. */
  k?: number;
  /** Replacement prompt texts (e.g. from --prompt-file). */
  prompts?: Partial<StructuredPrompts>;
  /** Maximum new tokens per call. Default 250 per question + 200. */
  maxTokens?: number;
}

/** Flags written on answers. */
export const FLAGS = {
  gated: "gated-no-evidence",
  downgraded: "downgraded-unverified-quote",
  dropped: "dropped-unverified-quote",
} as const;

/** The answer text of a gated question (no call was made). */
export const GATED_ANSWER = "Not stated: no passage of the paper matched this question, so the model was not asked.";

// LLMs give no calibrated probability; these fixed values order answers by how they were reached.
const CONFIDENCE = { verifiedYes: 0.85, no: 0.7, gated: 0.8, downgraded: 0.6 } as const;

/**
 * An engine answering through `provider` in structured mode.
 * @example const engine = createStructuredEngine({ provider, batchSize: 7 }); await engine.answerAll!(input, questions);
 */
export function createStructuredEngine(options: StructuredEngineOptions): Engine {
  const { provider } = options;
  const batchSize = options.batchSize ?? 7;
  const k = options.k ?? 4;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new MethodscopeError("usage", `--batch-size must be a positive whole number, got ${batchSize}.`);
  }
  const prompts = resolveStructuredPrompts(options.prompts);
  const tracker = createStatsTracker({ model: provider.model, provider: provider.id, mode: "structured" });
  // Kind and model, not the address: moving to another server (or adding one) keeps the run key, as the cache does.
  const name = `llm:${provider.kind}:${provider.model}`;
  const settings = {
    mode: "structured",
    provider: provider.kind,
    model: provider.model,
    batchSize,
    k,
    maxTokens: options.maxTokens ?? null,
    prompt: promptHash([prompts.system, prompts.user, prompts.repair]),
  };

  const answerAll = async (input: EngineInput, questions: Question[]): Promise<Answer[]> => {
    const retrieved = new Map(questions.map((q) => [q.cq, input.retrieve(q, { k })]));
    const gatedQs = questions.filter((q) => (retrieved.get(q.cq) ?? []).length === 0);
    const asked = questions.filter((q) => (retrieved.get(q.cq) ?? []).length > 0);
    tracker.gated(input.document.id, gatedQs.length);
    const batches = chunkArray(asked, batchSize);
    const check = createQuoteChecker(input.document);
    const results = await Promise.all(
      batches.map((batch) => {
        const chunks = batch.flatMap((q) => retrieved.get(q.cq) ?? []);
        return answerBatch({ provider, prompts, tracker, name, options, input, check }, batch, chunks);
      }),
    );
    const byCq = new Map<number, Answer>(results.flat().map((a) => [a.cq, a]));
    for (const q of gatedQs) byCq.set(q.cq, gatedAnswer(q, name));
    return questions.map((q) => byCq.get(q.cq) as Answer);
  };

  return {
    name,
    settings,
    answerAll,
    answer: async (input, question) => (await answerAll(input, [question]))[0] as Answer,
    stats: () => ({ ...tracker.snapshot() }),
    close: () => provider.close?.(),
  };
}

interface BatchContext {
  provider: LlmProvider;
  prompts: StructuredPrompts;
  tracker: StatsTracker;
  name: string;
  options: StructuredEngineOptions;
  input: EngineInput;
  check: (quote: string) => Evidence | undefined;
}

async function answerBatch(ctx: BatchContext, batch: Question[], chunks: ScoredChunk[]): Promise<Answer[]> {
  const { provider, prompts, tracker, input } = ctx;
  const cqs = batch.map((q) => q.cq);
  const messages: ChatMessage[] = [
    { role: "system", content: prompts.system },
    { role: "user", content: structuredUserPrompt(prompts, chunks, batch) },
  ];
  const maxTokens = ctx.options.maxTokens ?? 250 * batch.length + 200;
  const call = async (msgs: ChatMessage[]): Promise<ChatResponse> => {
    try {
      const r = await provider.chat({ messages: msgs, temperature: 0, maxTokens, jsonSchema: STRUCTURED_JSON_SCHEMA });
      tracker.call(input.document.id, r);
      return r;
    } catch (error) {
      tracker.stats.errors++;
      throw error;
    }
  };
  const first = await call(messages);
  let parsed = parseStructuredReply(first.text, cqs);
  if (!parsed.ok) {
    const firstError = parsed.error;
    const repairMessages: ChatMessage[] = [
      ...messages,
      { role: "assistant", content: first.text },
      { role: "user", content: repairPrompt(prompts, firstError, cqs) },
    ];
    const retry = await call(repairMessages);
    parsed = parseStructuredReply(retry.text, cqs);
    if (!parsed.ok) {
      tracker.stats.errors++;
      // Unusable replies must not be served from the cache next time: the next run asks again.
      provider.forget?.({ messages, temperature: 0, maxTokens, jsonSchema: STRUCTURED_JSON_SCHEMA });
      provider.forget?.({ messages: repairMessages, temperature: 0, maxTokens, jsonSchema: STRUCTURED_JSON_SCHEMA });
      throw new MethodscopeError(
        "llm-malformed",
        `${provider.id} gave unusable output for CQ ${cqs.join(", ")} twice (${firstError}; after the repair request: ${parsed.error})`,
        // Retrying at once would most likely get the same reply; a later run asks the model again.
        { retryable: false },
      );
    }
    tracker.stats.repaired++;
  }
  return parsed.items.map((item) => toAnswer(ctx, item));
}

function toAnswer(ctx: BatchContext, item: StructuredItem): Answer {
  const flags: string[] = [];
  const evidence: Evidence[] = [];
  for (const quote of item.evidence) {
    const ev = ctx.check(quote);
    if (ev && !evidence.some((e) => e.start === ev.start && e.end === ev.end)) evidence.push(ev);
    else if (!ev) {
      ctx.tracker.stats.droppedQuotes++;
      if (!flags.includes(FLAGS.dropped)) flags.push(FLAGS.dropped);
    }
  }
  let reported = item.reported as "yes" | "no";
  let confidence: number = reported === "yes" ? CONFIDENCE.verifiedYes : CONFIDENCE.no;
  if (reported === "yes" && evidence.length === 0) {
    reported = "no";
    confidence = CONFIDENCE.downgraded;
    flags.push(FLAGS.downgraded);
    ctx.tracker.stats.downgraded++;
  }
  const answer: Answer = {
    cq: item.cq,
    reported,
    answer: item.answer.trim(),
    values: item.values,
    confidence,
    evidence: reported === "yes" ? evidence : [],
    engine: ctx.name,
  };
  if (flags.length > 0) answer.flags = flags;
  return answer;
}

function gatedAnswer(q: Question, engine: string): Answer {
  return {
    cq: q.cq,
    reported: "no",
    answer: GATED_ANSWER,
    values: {},
    confidence: CONFIDENCE.gated,
    evidence: [],
    engine,
    flags: [FLAGS.gated],
  };
}

/** Splits `items` into consecutive groups of at most `size`. */
export function chunkArray<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
