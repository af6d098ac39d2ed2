import type { RunManifest } from "../pipeline/manifest.js";

/** The one-screen summary printed after `extract`: counts, reporting rate per question, failures. */
export function formatSummary(manifest: RunManifest, written: string[]): string {
  const c = manifest.counts;
  const lines = [
    `methodscope ${manifest.tool.version} · engine ${manifest.engine.name} · ${manifest.question_set.count} questions`,
    `papers: ${c.papers} answered (${c.done} new, ${c.reused} from the store), ${c.failed} failed, ${c.duplicates} duplicate inputs`,
    "",
    "reporting rate per question:",
  ];
  const rates = manifest.reporting_rate;
  const half = Math.ceil(rates.length / 2);
  const cell = (r: RunManifest["reporting_rate"][number]) =>
    `${`CQ${r.cq}`.padStart(5)} ${r.label.slice(0, 22).padEnd(22)} ${bar(r.rate)} ${`${r.yes}/${r.papers}`.padStart(7)}`;
  for (let i = 0; i < half; i++) {
    const left = rates[i];
    const right = rates[i + half];
    lines.push(`${left ? cell(left) : ""}${right ? `   ${cell(right)}` : ""}`);
  }
  if (manifest.failures.length > 0) {
    lines.push("", `failed (${manifest.failures.length}):`);
    for (const f of manifest.failures.slice(0, 10)) lines.push(`  ${f.file}: ${f.error}`);
    if (manifest.failures.length > 10) lines.push(`  … ${manifest.failures.length - 10} more in run.json`);
  }
  if (written.length > 0) lines.push("", `wrote ${written.join(", ")}`);
  lines.push(`took ${(manifest.timings_ms.total / 1000).toFixed(2)} s`);
  return `${lines.join("\n")}\n`;
}

function bar(rate: number, width = 10): string {
  const n = Math.round(rate * width);
  return `${"█".repeat(n)}${"·".repeat(width - n)}`;
}
