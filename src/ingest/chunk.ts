import { MethodscopeError } from "../errors.js";
import type { Chunk, Document } from "../types.js";
import { K24_CHUNK_OVERLAP, K24_CHUNK_SIZE, k24StartOffsets, splitTextK24 } from "./chunk-k24.js";
import { chunkBySections, pageAt, SECTION_CHUNK_SIZE } from "./chunk-sections.js";
import { sectionKindAt } from "./sections.js";

/** How a document is cut into retrieval units: by sections and sentences, or K24's LangChain splitter. */
export type ChunkStrategy = "sections" | "k24";

export const CHUNK_STRATEGIES: readonly ChunkStrategy[] = ["sections", "k24"];

/** Options of {@link chunkDocument}: `size` is the target chunk length (800 for sections, 1000 for k24). */
export interface ChunkOptions {
  size?: number;
}

/**
 * Cuts a document into chunks. `sections` (default) packs whole sentences inside one section;
 * `k24` reproduces the reference pipeline's RecursiveCharacterTextSplitter (1000/50), with offsets
 * found as LangChain's add_start_index finds them.
 *
 * @example chunkDocument(document, "k24").map((c) => c.text)
 */
export function chunkDocument(
  document: Document,
  strategy: ChunkStrategy = "sections",
  options: ChunkOptions = {},
): Chunk[] {
  const size = options.size;
  if (size !== undefined && (!Number.isInteger(size) || size < 1)) {
    throw new MethodscopeError("usage", `Chunk size must be a positive whole number of characters, got ${size}.`);
  }
  if (strategy === "sections") return chunkBySections(document, size ?? SECTION_CHUNK_SIZE);
  if (strategy === "k24") return chunkK24(document, size ?? K24_CHUNK_SIZE);
  throw new MethodscopeError(
    "usage",
    `Unknown chunk strategy "${String(strategy)}": use one of ${CHUNK_STRATEGIES.join(", ")}.`,
  );
}

function chunkK24(document: Document, size: number): Chunk[] {
  const overlap = Math.min(K24_CHUNK_OVERLAP, size);
  const texts = splitTextK24(document.text, { chunkSize: size, chunkOverlap: overlap });
  const starts = k24StartOffsets(document.text, texts, overlap);
  return texts.map((text, index) => {
    const start = starts[index] as number;
    return {
      index,
      text,
      start,
      end: start + text.length,
      section: sectionKindAt(document.sections, start),
      page: pageAt(document.pages, start),
    };
  });
}
