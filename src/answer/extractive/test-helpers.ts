import type { Document, EngineInput, Section, SectionKind } from "../../types.js";

/** A one-page document from text, with sections given as [kind, heading] pairs found in it. */
export function docFrom(text: string, headings: [SectionKind, string][] = []): Document {
  const sections: Section[] = [];
  const starts = headings.map(([kind, heading]) => ({ kind, heading, start: text.indexOf(heading) }));
  for (const [i, h] of starts.entries()) {
    if (h.start < 0) throw new Error(`heading not in text: ${h.heading}`);
    sections.push({ kind: h.kind, heading: h.heading, start: h.start, end: starts[i + 1]?.start ?? text.length });
  }
  return {
    id: "test",
    path: "test.txt",
    title: "Test",
    pageCount: 1,
    text,
    pages: [{ page: 1, start: 0, end: text.length }],
    sections,
  };
}

/** Engine input for a document with no chunks (the extractive engine reads the document). */
export function inputOf(document: Document): EngineInput {
  return { document, chunks: [], retrieve: () => [] };
}
