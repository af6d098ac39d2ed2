/** Plain-text and markdown tables of benchmark comparisons and K24 reference lines. */
import type { Comparison } from "./bench.js";
import type { ReferenceLine } from "./k24-reference.js";

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "—");
const ci = (c?: [number, number]) => (c ? `[${f3(c[0])}, ${f3(c[1])}]` : "");

interface Table {
  head: string[];
  rows: string[][];
}

function comparisonTable(comparisons: Comparison[]): Table {
  return {
    head: ["comparison", "n", "accuracy", "95% CI", "kappa", "95% CI", "P(yes)", "R(yes)", "F1(yes)"],
    rows: comparisons.map((c) => {
      const s = c.summary;
      return [
        c.name,
        String(s.n),
        f3(s.accuracy),
        ci(s.accuracyCi),
        f3(s.kappa),
        ci(s.kappaCi),
        f3(s.precision),
        f3(s.recall),
        f3(s.f1),
      ];
    }),
  };
}

function referenceTable(lines: ReferenceLine[]): Table {
  return {
    head: ["reference line", "n", "accuracy", "kappa", "expected n", "expected acc", "expected kappa", "check"],
    rows: lines.map((l) => [
      l.name,
      String(l.n),
      f3(l.accuracy),
      f3(l.kappa),
      String(l.expected.n),
      f3(l.expected.accuracy),
      f3(l.expected.kappa),
      l.pass ? "pass" : "FAIL",
    ]),
  };
}

function groupTable(c: Comparison, label: string): Table {
  return {
    head: [label, "n", "accuracy", "kappa"],
    rows: (c.groups ?? []).map((g) => [String(g.group), String(g.n), f3(g.accuracy), f3(g.kappa)]),
  };
}

/** Aligned plain-text table (first column left-aligned, the rest right-aligned). */
export function toText(table: Table): string {
  const all = [table.head, ...table.rows];
  const widths = table.head.map((_, j) => Math.max(...all.map((r) => (r[j] ?? "").length)));
  const fmt = (r: string[]) =>
    r
      .map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
      .join("  ")
      .trimEnd();
  return `${[fmt(table.head), widths.map((w) => "-".repeat(w)).join("  "), ...table.rows.map(fmt)].join("\n")}\n`;
}

/** GitHub-flavoured markdown table. */
export function toMarkdown(table: Table): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const line = (r: string[]) => `| ${r.map(esc).join(" | ")} |`;
  return `${[line(table.head), `|${table.head.map((_, j) => (j === 0 ? "---" : "---:")).join("|")}|`, ...table.rows.map(line)].join("\n")}\n`;
}

/** Everything a bench run prints: the comparisons, then per-group tables for the first one with groups. */
export function formatComparisons(
  comparisons: Comparison[],
  render: (t: Table) => string = toText,
  groupLabel = "group",
): string {
  const parts = [render(comparisonTable(comparisons))];
  const grouped = comparisons.find((c) => c.groups && c.groups.length > 1);
  if (grouped) parts.push(`\n${grouped.name}, per ${groupLabel}:\n`, render(groupTable(grouped, groupLabel)));
  return parts.join("");
}

/** The K24 reference lines with pass/fail. */
export function formatReference(lines: ReferenceLine[], render: (t: Table) => string = toText): string {
  return render(referenceTable(lines));
}
