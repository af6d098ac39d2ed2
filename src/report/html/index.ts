export { barSvg, histogramSvg } from "./charts.js";
export { clientScript } from "./client.js";
export {
  type Cell,
  type Corpus,
  LOW_CONFIDENCE,
  loadCorpus,
  type PaperView,
  type RunView,
  reviewQueue,
} from "./corpus.js";
export { linkify } from "./escape.js";
export { type ExportLink, type Links, renderOverview } from "./overview.js";
export { answerId, type CardOptions, keyHelp, paperId, renderCard, renderPaper } from "./paper.js";
export {
  type BlockFiles,
  corpusSource,
  PAGE_SIZE,
  REPORT_LINKS,
  type ReportOptions,
  type ReportSource,
  renderReport,
  storeSource,
  writeReport,
} from "./report.js";
export { type CellState, cellState, STATE_TEXT } from "./states.js";
export { stylesheet } from "./styles.js";
export type { Html } from "./template.js";
export { type PaperValues, paperValues, renderValues, type ValueCell } from "./values.js";
