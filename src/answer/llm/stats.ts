/**
 * Counters an LLM engine keeps for run.json: calls, tokens, time, cache hits, gating, repairs,
 * errors, overall and per paper. One tracker per engine instance (no global state).
 */
import type { ChatResponse } from "../../llm/types.js";

export interface CallTotals {
  calls: number;
  tokensIn: number;
  tokensOut: number;
  ms: number;
  cacheHits: number;
}

export interface LlmEngineStats extends CallTotals {
  model: string;
  provider: string;
  mode: string;
  /** Questions answered "no" without a call because retrieval found nothing. */
  gated: number;
  /** Replies that failed to parse and were fixed by the one repair request. */
  repaired: number;
  /** Batches or calls that ended in an error (the paper got an error row). */
  errors: number;
  droppedQuotes: number;
  downgraded: number;
  /** Milliseconds of model time per provider id. */
  msPerModel: Record<string, number>;
  perPaper: Record<string, CallTotals & { gated: number }>;
}

/** A fresh tracker and the functions that update it. */
export function createStatsTracker(base: { model: string; provider: string; mode: string }) {
  const stats: LlmEngineStats = {
    ...base,
    calls: 0,
    tokensIn: 0,
    tokensOut: 0,
    ms: 0,
    cacheHits: 0,
    gated: 0,
    repaired: 0,
    errors: 0,
    droppedQuotes: 0,
    downgraded: 0,
    msPerModel: {},
    perPaper: {},
  };
  const paper = (id: string) => {
    stats.perPaper[id] ??= { calls: 0, tokensIn: 0, tokensOut: 0, ms: 0, cacheHits: 0, gated: 0 };
    return stats.perPaper[id];
  };
  return {
    stats,
    /** Records one model call for paper `id`. */
    call(id: string, r: ChatResponse): void {
      for (const t of [stats, paper(id)]) {
        t.calls++;
        t.tokensIn += r.tokensIn;
        t.tokensOut += r.tokensOut;
        t.ms += r.ms;
        if (r.cached) t.cacheHits++;
      }
      stats.msPerModel[base.provider] = (stats.msPerModel[base.provider] ?? 0) + r.ms;
    },
    gated(id: string, n = 1): void {
      stats.gated += n;
      paper(id).gated += n;
    },
    snapshot(): LlmEngineStats {
      return structuredClone(stats);
    },
  };
}

export type StatsTracker = ReturnType<typeof createStatsTracker>;
