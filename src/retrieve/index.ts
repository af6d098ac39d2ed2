export { createBm25Retriever, createMemoryRetriever, type Retriever } from "./bm25.js";
export { queryFromText, toMatchExpression } from "./query.js";
export { type SearchStoreOptions, type StoreHit, searchStore } from "./search-store.js";
