/**
 * Inline SVG charts. Sizes and colours are SVG attributes (not style attributes), so a strict
 * Content-Security-Policy without 'unsafe-inline' styles still draws them.
 */
import { pct } from "./escape.js";
import { type Html, html } from "./template.js";

export const COLORS = { yes: "#2f7d5b", no: "#d9dee4", bar: "#3b6ea5", track: "#edf0f3", text: "#3d4752" };

/** A horizontal bar of `share` (0–1) in a fixed-width SVG. */
export function barSvg(share: number, width = 160, height = 12): Html {
  const w = Math.max(0, Math.min(1, share)) * width;
  return html`<svg class="bar" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${pct(share)}"><rect width="${width}" height="${height}" rx="2" fill="${COLORS.track}"/><rect width="${w.toFixed(1)}" height="${height}" rx="2" fill="${COLORS.bar}"/></svg>`;
}

/**
 * A histogram of shares (0–1) in `bins` equal bins, with counts over the bars and an x axis in %.
 * @example histogramSvg([0.2, 0.5, 0.55], "Completeness")
 */
export function histogramSvg(values: number[], title: string, bins = 10): Html {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]++;
  const max = Math.max(1, ...counts);
  const width = 420;
  const height = 160;
  const left = 16;
  const bottom = 22;
  const top = 16;
  const slot = (width - left * 2) / bins;
  const plot = height - bottom - top;
  const bars = counts.map((count, i) => {
    const h = (count / max) * plot;
    const x = left + i * slot;
    const y = top + plot - h;
    const label =
      count > 0
        ? html`<text x="${(x + slot / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="11" fill="${COLORS.text}">${count}</text>`
        : "";
    return html`<rect x="${(x + 2).toFixed(1)}" y="${y.toFixed(1)}" width="${(slot - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS.bar}" rx="2"/>${label}`;
  });
  const ticks: Html[] = [];
  for (let i = 0; i <= bins; i += 2) {
    const x = left + i * slot;
    ticks.push(
      html`<text x="${x.toFixed(1)}" y="${height - 6}" text-anchor="middle" font-size="11" fill="${COLORS.text}">${(i * 100) / bins}%</text>`,
    );
  }
  const axis = html`<line x1="${left}" x2="${width - left}" y1="${top + plot}" y2="${top + plot}" stroke="#9aa5b1"/>${ticks}`;
  return html`<svg class="hist" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}"><title>${title}</title>${bars}${axis}</svg>`;
}
