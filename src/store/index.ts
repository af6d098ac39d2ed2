export { MIGRATIONS, type Migration, migrate, SCHEMA_VERSION } from "./migrations.js";
export {
  DEFAULT_BUSY_TIMEOUT_MS,
  type DocumentSummary,
  type FailureInput,
  type FailureRecord,
  MIN_READABLE_SCHEMA_VERSION,
  type OpenTransaction,
  openStore,
  type RunRecord,
  type RunStart,
  type Store,
  type StoredAnswer,
  type StoreOptions,
} from "./store.js";
