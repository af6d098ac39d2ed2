/**
 * K24's text handling, reproduced: the clean-up of a raw answer (their `Process_text.py`) and the
 * reading of the yes/no reply (their regex, last match wins).
 */
import type { YesNo } from "../../types.js";

const MARKER = "Answer:::";

/**
 * K24's answer clean-up, minus its bug.
 *
 * K24: when the text holds two or more `Answer:::` markers it keeps the part after the second
 * marker (`split("Answer:::")[2]`) and removes the labels `Helpful Answer:` and `Answer:`;
 * otherwise it removes the markers and labels in place. Their raw text for local models began with
 * the prompt, whose two markers made `[2]` the model's answer; but an answer that itself wraps its
 * text in two markers (as the prompt asks) leaves nothing after the second one, and K24 stored an
 * empty answer (254 of 45,500 answers in the bench; `answer_recovered` there).
 *
 * Here: the input is the model's completion only (no prompt). The result equals K24's whenever
 * K24's is non-empty; when K24's rule yields nothing, the last non-empty segment between markers
 * is kept instead of an empty answer.
 * @example cleanK24Answer("Answer:::\nAnswer: Adam was used.\n\nAnswer:::") // "Adam was used."
 */
export function cleanK24Answer(raw: string): string {
  if (countOf(raw, MARKER) >= 2) {
    const segments = raw.split(MARKER).map(stripLabels);
    const k24 = segments[2] ?? "";
    if (k24 !== "") return k24;
    return segments.filter((s) => s !== "").at(-1) ?? "";
  }
  // Same replacement order as K24 (so "Helpful Answer:" loses "Answer:" first and keeps "Helpful ").
  return raw
    .replaceAll(MARKER, "")
    .replaceAll("Helpful Answer:::", "")
    .replaceAll("Answer:", "")
    .replaceAll("Helpful Answer:", "")
    .trim();
}

function stripLabels(segment: string): string {
  return segment.trim().replaceAll("Helpful Answer:", "").replaceAll("Answer:", "").trim();
}

function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** K24's pattern for the yes/no reply (used with the global and case-insensitive flags). */
export const K24_BINARY_PATTERN = String.raw`(?:Answer|Response|the\s+answer\s+is|response\s+is)(?::::|:)?\s*["']?(Yes|No)["']?\s*`;

/**
 * Reads K24's second-stage reply: the last match of their regex decides; undefined when nothing
 * matches (K24 wrote "No response found", later counted as No).
 * @example parseK24Binary("Answer:::\nResponse: Yes\n\nAnswer:::") // "yes"
 */
export function parseK24Binary(reply: string): YesNo | undefined {
  const matches = [...reply.matchAll(new RegExp(K24_BINARY_PATTERN, "gi"))];
  const last = matches.at(-1)?.[1];
  return last === undefined ? undefined : (last.toLowerCase() as YesNo);
}
