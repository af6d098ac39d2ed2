/**
 * The types that cross stage borders: ingest → store → retrieve → answer → judge → report.
 * Every offset is a UTF-16 index into `Document.text` (the cleaned text that the store keeps),
 * so `text.slice(start, end)` is always the quoted string.
 */

/** Where one page's text lies in the cleaned document text (1-based page number). */
export interface PageSpan {
  page: number;
  start: number;
  end: number;
}

/** The kinds of section that ingest recognises. `front` is everything before the first heading. */
export type SectionKind =
  | "front"
  | "abstract"
  | "introduction"
  | "background"
  | "methods"
  | "results"
  | "discussion"
  | "conclusion"
  | "acknowledgements"
  | "availability"
  | "references"
  | "appendix"
  | "other"
  /** Tables and figure captions of a structured paper (JATS, TEI), kept apart from the body text. */
  | "floats";

/** A detected section: its heading as written and the span it covers (heading included). */
export interface Section {
  kind: SectionKind;
  heading: string;
  start: number;
  end: number;
}

/** Cleaned text with its page and section maps: the output of ingest, before chunking. */
export interface CleanText {
  text: string;
  pages: PageSpan[];
  sections: Section[];
}

/** Which reader turned a file into a Document. */
export type ReaderName = "pdf" | "text" | "jats" | "tei";

/** The bibliographic fields of {@link DocumentMetadata} that carry a source. */
export type MetadataField = "title" | "authors" | "year" | "journal" | "doi";

/**
 * What is known about a paper beyond its text (title, authors, year, venue, DOI), each field with where it
 * came from; every field is optional. Structured readers (JATS, TEI) take them from the markup, the PDF
 * and text readers from the PDF's info dictionary and the first page (src/ingest/metadata.ts).
 */
export interface DocumentMetadata {
  /** The paper's title as extracted (the Document's `title` is the same, or the file name without one). */
  title?: string;
  /** Authors as "Given Surname", in order. */
  authors?: string[];
  year?: number;
  /** Journal or venue. */
  journal?: string;
  /** Bare DOI ("10.1234/abc"), no resolver prefix. */
  doi?: string;
  /** Set when the asked-for reader failed and another read the file, e.g. "grobid-failed: 503". */
  readerFallback?: string;
  /**
   * Where each field came from: "pdf-info", "first-page", "arxiv-id", "doi-pattern", "jats", "tei",
   * "user:<file name>" (`--metadata`) or "review" (an edit in `serve`).
   */
  sources?: Partial<Record<MetadataField, string>>;
  /** The metadata extractor's version (`METADATA_VERSION` in ingest/metadata.ts) that filled it. */
  version?: number;
}

/** One paper as the pipeline sees it. `id` is the SHA-256 of the input file's bytes (hex). */
export interface Document extends CleanText {
  id: string;
  path: string;
  title: string;
  pageCount: number;
  /** The reader that made it (absent in Documents stored before readers were named: "pdf" or "text"). */
  reader?: ReaderName;
  /** Authors, year, journal, DOI when the input says them (structured readers). */
  metadata?: DocumentMetadata;
}

/** A retrieval unit. `text === document.text.slice(start, end)` for the `sections` strategy. */
export interface Chunk {
  index: number;
  text: string;
  start: number;
  end: number;
  section: SectionKind;
  page: number;
}

export interface ScoredChunk extends Chunk {
  score: number;
}

/** Options for a retrieval call: how many chunks, and which sections to leave out or keep. */
export interface RetrieveOptions {
  k?: number;
  excludeSections?: SectionKind[];
  onlySections?: SectionKind[];
}

/** A competency question and the data engines use to answer it (see questions/catalogue.json). */
export interface Question {
  cq: number;
  label: string;
  category: string;
  text: string;
  /** Terms for BM25 retrieval. */
  query: string[];
  /** True when the question only makes sense for a deep-learning study. */
  dlSpecific: boolean;
  /** Engine cues: named patterns and vocabularies (free-form data owned by the catalogue). */
  cues?: Record<string, unknown>;
}

/** A verbatim quote: `quote === document.text.slice(start, end)`. */
export interface Evidence {
  quote: string;
  page: number;
  start: number;
  end: number;
  /** The heading of the section the quote stands in, for inputs without pages (JATS): shown instead of the page. */
  section?: string;
}

export type YesNo = "yes" | "no";

/**
 * Why a candidate sentence did not make the answer "yes", each read from the engine's own data:
 * below-threshold (its score is under the cut), no-cue-match (no catalogue cue of the question
 * matched it), negated (a cue matched inside a negated clause), hedged (speculative wording),
 * other-work (about cited or other studies), review-paper (the paper is a review: all of it is other
 * work), citation (leans on cited sources), outside-methods (not in methods, results, availability
 * or appendix), not-deep-learning-paper (a deep-learning question about a non-DL study).
 */
export type CandidateReason =
  | "below-threshold"
  | "no-cue-match"
  | "negated"
  | "hedged"
  | "other-work"
  | "review-paper"
  | "citation"
  | "outside-methods"
  | "not-deep-learning-paper";

/** A sentence an engine considered for a question and did not answer "yes" with ("where we looked"). */
export interface Candidate extends Evidence {
  /** How well the sentence answers the question, on `scale`. */
  score: number;
  /**
   * "probability": the learned sentence scorer's probability (0–1; above 0.5 counts as positive);
   * "rule": the catalogue rule's score over the question's threshold (a "yes" needs 1).
   */
  scale: "probability" | "rule";
  reasons: CandidateReason[];
}

/** One engine's answer to one question about one paper. */
export interface Answer {
  cq: number;
  reported: YesNo;
  answer: string;
  values: Record<string, unknown>;
  confidence: number;
  evidence: Evidence[];
  engine: string;
  /** Machine-readable remarks, e.g. "non-dl-paper", "downgraded-unverified-quote". */
  flags?: string[];
  /**
   * For a "no" of the extractive engine: the best sentences it considered, best first ("where we
   * looked"). Undefined when not recorded (other engines, answers stored before candidates were recorded).
   */
  candidates?: Candidate[];
}

/** What an engine is given for one paper. */
export interface EngineInput {
  document: Document;
  chunks: Chunk[];
  /** BM25 (or other) retrieval over this document's chunks. */
  retrieve: (question: Question, options?: RetrieveOptions) => ScoredChunk[];
}

/** One member's own answers for a paper, as a vote collected them. */
export interface MemberAnswers {
  engine: Pick<Engine, "name" | "settings">;
  answers: Answer[];
}

/** What `answerWithMembers` returns: the combined answers and each member's. */
export interface EngineAnswers {
  answers: Answer[];
  members: MemberAnswers[];
}

/** An answering engine. Implementations: `extractive` (default), LLM engines later. */
export interface Engine {
  /** Short stable name written into every answer row, e.g. "extractive". */
  name: string;
  /** Settings that affect results; hashed into the run key so a change re-answers. */
  settings: Record<string, unknown>;
  answer(input: EngineInput, question: Question): Answer | Promise<Answer>;
  /** Optional: answer all questions at once (engines that share per-paper work). */
  answerAll?(input: EngineInput, questions: Question[]): Answer[] | Promise<Answer[]>;
  /** The engines whose answers this one combines (a vote); the pipeline stores each under its own run key. */
  members?: readonly Engine[];
  /** Optional (votes): the answers together with each member's own, so both can be stored at once. */
  answerWithMembers?(input: EngineInput, questions: Question[]): Promise<EngineAnswers>;
  /** Optional: counters for run.json (calls, tokens, cache hits, gated questions…), read after the run. */
  stats?(): Record<string, unknown>;
  /** Optional: release models, sockets or workers. */
  close?(): void | Promise<void>;
}
