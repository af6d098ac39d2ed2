/**
 * The papers' pages of a report, a block of papers at a time: the block's papers read in a few
 * queries, each page rendered, each paper's values row taken, and (in a large report) the pages
 * packed into one compressed block (blocks.ts) with the text cards share as tokens (shared-text.ts).
 * The same code runs on the main thread and in report worker threads (block-worker.ts), so a block
 * reads the same wherever it was made.
 */
import type { DocumentMetadata } from "../../types.js";
import { createBlockPacker } from "./blocks.js";
import type { PaperView } from "./corpus.js";
import type { Links } from "./overview.js";
import { answerId, paperId, renderPaperSection } from "./paper.js";
import type { CardContext, PaperRef } from "./reader.js";
import type { SharedText } from "./shared-text.js";
import { type PaperValues, paperValues } from "./values.js";

/** Fragment links between the sections of the single-file report. */
export const REPORT_LINKS: Links = {
  overview: "#overview",
  paper: (id) => `#${paperId(id)}`,
  answer: (id, cq) => `#${answerId(id, cq)}`,
  values: "#values",
};

/** One paper of a block, as the overview orders it: its neighbours and its metadata. */
export interface BlockPaper {
  id: string;
  title: string;
  prev?: PaperRef;
  next?: PaperRef;
  metadata?: DocumentMetadata;
}

/** A block of papers to render: its number (from 0) and its papers in the overview's order. */
export interface BlockTask {
  index: number;
  papers: BlockPaper[];
}

/**
 * A rendered block: each page (`""` for a paper gone from the store, which keeps its place) or, when
 * packed, the pages as one compressed block in base64 (blocks.ts); and each paper's values row.
 */
export interface RenderedBlock {
  index: number;
  pages?: string[];
  packed?: string;
  values: PaperValues[];
}

/** Reads several papers at once (those missing are left out). */
export type ReadPapers = (ids: readonly string[]) => Map<string, PaperView>;

/** Renders blocks of papers. */
export interface BlockRenderer {
  render(task: BlockTask): RenderedBlock;
}

/**
 * Papers read and rendered at a time within a block: their answers die young, so the garbage
 * collector copies a few papers' worth of objects at each collection, not a whole block's.
 */
const READ_AT_ONCE = 10;

/**
 * A renderer of blocks from `read`, with the cards' `context`. With `shared` (a large report), pages
 * are packed into one compressed block as they are rendered, the text cards share written as tokens.
 * @example createBlockRenderer(source.papers, summary, createTokenText(sharedCardText(summary))).render(task)
 */
export function createBlockRenderer(read: ReadPapers, context: CardContext, shared?: SharedText): BlockRenderer {
  const packer = shared ? createBlockPacker() : undefined;
  return {
    render(task) {
      const values: PaperValues[] = [];
      const pages: string[] = [];
      for (let at = 0; at < task.papers.length; at += READ_AT_ONCE) {
        const group = task.papers.slice(at, at + READ_AT_ONCE);
        const found = read(group.map((p) => p.id));
        for (const entry of group) {
          const paper = found.get(entry.id);
          // A paper gone from the store keeps its place (an empty page), so positions match the client's index.
          values.push(paper ? paperValues(paper) : { id: entry.id, title: entry.title, cells: [] });
          const page = paper ? renderPage(context, paper, entry, shared) : "";
          if (packer) packer.add(page);
          else pages.push(page);
        }
      }
      return packer ? { index: task.index, packed: packer.finish(), values } : { index: task.index, pages, values };
    },
  };
}

function renderPage(context: CardContext, paper: PaperView, entry: BlockPaper, shared: SharedText | undefined): string {
  const neighbours = { prev: entry.prev, next: entry.next };
  return renderPaperSection(context, paper, neighbours, REPORT_LINKS, { metadata: entry.metadata, shared }).toString();
}

/**
 * The blocks of `size` papers of `papers` (the overview's order), each paper with its neighbours and metadata.
 * @example [...blockTasks(summary.papers, 50)].length // Math.ceil(papers / 50)
 */
export function* blockTasks(
  papers: readonly { id: string; title: string }[],
  size: number,
  metadata?: (paperId: string) => DocumentMetadata | undefined,
): Generator<BlockTask> {
  const ref = (p: { id: string; title: string } | undefined): PaperRef | undefined => p && { id: p.id, title: p.title };
  for (let start = 0; start < papers.length; start += size) {
    const block = papers.slice(start, start + size).map((p, i): BlockPaper => {
      const at = start + i;
      const entry: BlockPaper = { id: p.id, title: p.title, prev: ref(papers[at - 1]), next: ref(papers[at + 1]) };
      const meta = metadata?.(p.id);
      if (meta !== undefined) entry.metadata = meta;
      return entry;
    });
    yield { index: start / size, papers: block };
  }
}
