import { escapeControl } from "../errors.js";
import type { RunManifest } from "../pipeline/manifest.js";

/**
 * The one-screen summary printed after `extract`: counts, reporting rate per question, failures.
 * Every text that comes from outside (file names, error messages, engine and member names, output paths)
 * has its control characters escaped, so each stays on its line and none can forge one.
 */
export function formatSummary(manifest: RunManifest, written: string[]): string {
  const c = manifest.counts;
  const lines = [
    `methodscope ${manifest.tool.version} · engine ${escapeControl(manifest.engine.name)} · ${manifest.question_set.count} questions`,
    `papers: ${c.papers} answered (${c.done} new, ${c.reused} from the store), ${c.failed} failed, ${c.duplicates} duplicate inputs`,
    "",
    "reporting rate per question:",
  ];
  const rates = manifest.reporting_rate;
  const half = Math.ceil(rates.length / 2);
  const cell = (r: RunManifest["reporting_rate"][number]) =>
    `${`CQ${r.cq}`.padStart(5)} ${escapeControl(r.label).slice(0, 22).padEnd(22)} ${bar(r.rate)} ${`${r.yes}/${r.papers}`.padStart(7)}`;
  for (let i = 0; i < half; i++) {
    const left = rates[i];
    const right = rates[i + half];
    lines.push(`${left ? cell(left) : ""}${right ? `   ${cell(right)}` : ""}`);
  }
  lines.push(...llmLines(manifest.engine.stats));
  lines.push(...cascadeLines(manifest.engine.stats));
  if (manifest.failures.length > 0) {
    lines.push("", `failed (${manifest.failures.length}):`);
    for (const f of manifest.failures.slice(0, 10)) lines.push(`  ${escapeControl(f.file)}: ${escapeControl(f.error)}`);
    if (manifest.failures.length > 10) lines.push(`  … ${manifest.failures.length - 10} more in run.json`);
  }
  const user = manifest.user_metadata;
  if (user) {
    lines.push(
      "",
      `metadata from ${escapeControl(user.file)}: ${user.matched} of ${user.records} records joined to papers, ${user.unmatched} unmatched`,
    );
  }
  if (written.length > 0) lines.push("", `wrote ${written.map(escapeControl).join(", ")}`);
  lines.push(`took ${(manifest.timings_ms.total / 1000).toFixed(2)} s`);
  return `${lines.join("\n")}\n`;
}

function bar(rate: number, width = 10): string {
  const n = Math.round(rate * width);
  return `${"█".repeat(n)}${"·".repeat(width - n)}`;
}

/** One line per LLM engine (or voting member) with calls, tokens, cache hits, gated questions and time. */
function llmLines(stats: Record<string, unknown> | undefined): string[] {
  if (!stats) return [];
  const members = stats.members as Record<string, Record<string, unknown>> | undefined;
  const entries: [string, Record<string, unknown>][] = members ? Object.entries(members) : [["engine", stats]];
  const out = entries
    .filter(([, s]) => typeof s.calls === "number")
    .map(([name, s]) => {
      const n = (k: string) => Number(s[k] ?? 0);
      return (
        `  ${escapeControl(name)}: ${n("calls")} calls, ${n("tokensIn")} tokens in, ${n("tokensOut")} out, ` +
        `${n("cacheHits")} from the cache, ${n("gated")} answered without a call, ${(n("ms") / 1000).toFixed(1)} s`
      );
    });
  return out.length > 0 ? ["", "LLM use:", ...out] : [];
}

/**
 * The cascade's line: questions sent to the LLMs and saved, calls made, and papers whose LLM step
 * failed (their extractive answers stand, flagged llm-failed).
 */
function cascadeLines(stats: Record<string, unknown> | undefined): string[] {
  const c = stats?.cascade as Record<string, unknown> | undefined;
  if (!c) return [];
  const n = (k: string) => Number(c[k] ?? 0);
  const questions = n("questions");
  const share = questions > 0 ? ` (${((n("sent") / questions) * 100).toFixed(1)}%)` : "";
  const members = stats?.members as Record<string, Record<string, unknown>> | undefined;
  const calls = (members ? Object.values(members) : [stats ?? {}]).reduce((s, m) => s + Number(m.calls ?? 0), 0);
  const lines = [
    "",
    `cascade (τ ${n("threshold")}): ${n("sent")} of ${questions} questions sent to the LLMs${share}, ` +
      `${n("saved")} answered offline without a call; ${calls} LLM calls made`,
  ];
  if (n("failedPapers") > 0) {
    lines.push(
      `  the LLM step failed on ${n("failedPapers")} papers: ${n("failedQuestions")} questions keep the extractive answer, flagged llm-failed (run.json lists why)`,
    );
  }
  return lines;
}
