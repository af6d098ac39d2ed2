/**
 * K24 mode: the reference pipeline, call for call. For each question: the top-4 k24 chunks, the
 * LangChain "stuff" prompt (chunk texts joined by a blank line in {context}; {question} = the query
 * template filled with the question), temperature 0, at most 1200 new tokens; K24's clean-up of
 * the answer; then yes/no by K24's second prompt (their regex) or by the deterministic classifier.
 *
 * Known differences from K24 (documented in the report): retrieval is BM25 over our chunks, not
 * FAISS over MiniLM vectors of the whole prompt; the prompt goes as one chat user message (K24's
 * local models saw it as raw text, its Groq models as a chat message); the clean-up keeps answers
 * K24 emptied (see cleanK24Answer).
 */

import { MethodscopeError } from "../../errors.js";
import { codePointLength, K24_CHUNK_SIZE } from "../../ingest/chunk-k24.js";
import { classifyAnswer } from "../../judge/binary.js";
import type { ChatResponse, LlmProvider } from "../../llm/types.js";
import type { Answer, Engine, EngineInput, Evidence, Question, ScoredChunk, YesNo } from "../../types.js";
import { createQuoteChecker } from "./evidence-check.js";
import { cleanK24Answer, parseK24Binary } from "./k24-clean.js";
import { promptHash } from "./prompts.js";
import { createStatsTracker } from "./stats.js";
import { fillTemplate, requirePlaceholders } from "./template.js";

export type K24Binary = { kind: "prompt"; template: string } | { kind: "classifier" };

export interface K24EngineOptions {
  provider: LlmProvider;
  /** The "stuff" wrapper with {context} and {question} (K24's stuff_prompt.txt). */
  promptTemplate: string;
  /** The query template with {query} (K24's RAG_prompt.txt). */
  queryTemplate: string;
  /** How the answer becomes yes/no: K24's second prompt ({Question}, {Answer}) or the classifier. */
  binary: K24Binary;
  /** Chunks per question. Default 4. */
  k?: number;
  /** Maximum new tokens per call. Default 1200 (K24). */
  maxTokens?: number;
}

/** Flag for a yes/no reply in which K24's regex finds nothing (counted as "no", as K24 did). */
export const NO_RESPONSE_FOUND = "no-response-found";
const LANGCHAIN_DOCUMENT_SEPARATOR = "\n\n";

/** The prompt K24 sends for one question: LangChain's stuff chain around the query template. */
export function buildK24Prompt(
  promptTemplate: string,
  queryTemplate: string,
  chunkTexts: readonly string[],
  questionText: string,
): string {
  const question = fillTemplate(queryTemplate, { query: questionText });
  return fillTemplate(promptTemplate, { context: chunkTexts.join(LANGCHAIN_DOCUMENT_SEPARATOR), question });
}

/** The prompt of K24's yes/no stage: newlines of the answer become spaces, as K24 read the file. */
export function buildK24BinaryPrompt(template: string, questionText: string, answer: string): string {
  return fillTemplate(template, { Question: questionText, Answer: answer.replaceAll("\n", " ") });
}

/**
 * An engine reproducing K24's pipeline through `provider`. Needs k24 chunking.
 * @example createK24Engine({ provider, promptTemplate, queryTemplate, binary: { kind: "classifier" } })
 */
export function createK24Engine(options: K24EngineOptions): Engine {
  const { provider, promptTemplate, queryTemplate, binary } = options;
  requirePlaceholders(promptTemplate, ["context", "question"], "The stuff prompt (--prompt-file)");
  requirePlaceholders(queryTemplate, ["query"], "The query template (--query-template)");
  if (binary.kind === "prompt") {
    requirePlaceholders(binary.template, ["Question", "Answer"], "The yes/no prompt (--binary-prompt-file)");
  }
  const k = options.k ?? 4;
  const maxTokens = options.maxTokens ?? 1200;
  const tracker = createStatsTracker({ model: provider.model, provider: provider.id, mode: "k24" });
  const name = `k24:${provider.kind}:${provider.model}`;
  const templates = [promptTemplate, queryTemplate, binary.kind === "prompt" ? binary.template : ""];
  const settings = {
    mode: "k24",
    provider: provider.kind,
    model: provider.model,
    k,
    maxTokens,
    binary: binary.kind,
    chunking: "k24",
    prompt: promptHash(templates),
  };

  const chat = async (paperId: string, content: string): Promise<ChatResponse> => {
    try {
      const r = await provider.chat({ messages: [{ role: "user", content }], temperature: 0, maxTokens });
      tracker.call(paperId, r);
      return r;
    } catch (error) {
      tracker.stats.errors++;
      throw error;
    }
  };

  const answer = async (input: EngineInput, question: Question): Promise<Answer> => {
    assertK24Chunks(input);
    // K24's FAISS retriever searched every chunk, references included.
    const chunks = topUp(input, input.retrieve(question, { k, excludeSections: [] }), k);
    const prompt = buildK24Prompt(
      promptTemplate,
      queryTemplate,
      chunks.map((c) => c.text),
      question.text,
    );
    const raw = (await chat(input.document.id, prompt)).text;
    const text = cleanK24Answer(raw);
    const verdict = await judge(input.document.id, question, text);
    const result: Answer = {
      cq: question.cq,
      reported: verdict.reported,
      answer: text,
      values: { binary: binary.kind, ...(verdict.response ? { response: verdict.response } : {}) },
      confidence: verdict.confidence,
      evidence: verdict.reported === "yes" ? chunkEvidence(input, chunks) : [],
      engine: name,
    };
    if (raw.trim() !== text) result.values.raw = raw;
    if (verdict.flags.length > 0) result.flags = verdict.flags;
    return result;
  };

  const judge = async (paperId: string, question: Question, text: string) => {
    if (binary.kind === "classifier") {
      const v = classifyAnswer(question.text, text);
      return { reported: v.reported, confidence: v.confidence, flags: [] as string[], response: undefined };
    }
    const reply = (await chat(paperId, buildK24BinaryPrompt(binary.template, question.text, text))).text;
    const parsed = parseK24Binary(reply);
    return {
      reported: (parsed ?? "no") as YesNo,
      confidence: parsed ? 0.8 : 0.5,
      flags: parsed ? [] : [NO_RESPONSE_FOUND],
      response: reply.trim(),
    };
  };

  return {
    name,
    settings,
    answer,
    answerAll: (input, questions) => Promise.all(questions.map((q) => answer(input, q))),
    stats: () => ({ ...tracker.snapshot() }),
    close: () => provider.close?.(),
  };
}

/**
 * K24's dense retriever always gave k chunks; BM25 gives none when the question shares no term with
 * the paper, which would send the model a prompt without any context (the same for every paper, so
 * one cached reply for all). Such a shortfall is filled with the paper's first chunks, in order.
 */
export function topUp(input: EngineInput, chunks: ScoredChunk[], k: number): ScoredChunk[] {
  if (chunks.length >= k) return chunks;
  const taken = new Set(chunks.map((c) => c.index));
  const extra = input.chunks.filter((c) => !taken.has(c.index)).slice(0, k - chunks.length);
  return [...chunks, ...extra.map((c) => ({ ...c, score: 0 }))];
}

/** The retrieved chunks as quotes: exact slices of the document text. */
function chunkEvidence(input: EngineInput, chunks: readonly ScoredChunk[]): Evidence[] {
  const check = createQuoteChecker(input.document);
  const out: Evidence[] = [];
  for (const c of chunks) {
    if (input.document.text.slice(c.start, c.end) === c.text) {
      out.push({ quote: c.text, page: c.page, start: c.start, end: c.end });
      continue;
    }
    const ev = check(c.text);
    if (ev) out.push(ev);
  }
  return out;
}

// K24's splitter never makes a chunk longer than 1000 characters; a longer one means another
// chunking was used, and the run would not be comparable with K24's.
function assertK24Chunks(input: EngineInput): void {
  if (input.chunks.some((c) => codePointLength(c.text) > K24_CHUNK_SIZE)) {
    throw new MethodscopeError(
      "usage",
      "--mode k24 needs k24 chunking (--chunking k24): found chunks over 1000 characters.",
    );
  }
}
