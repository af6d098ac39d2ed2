export { MIGRATIONS, type Migration, migrate, SCHEMA_VERSION } from "./migrations.js";
export {
  type DocumentSummary,
  type FailureInput,
  type FailureRecord,
  openStore,
  type RunRecord,
  type RunStart,
  type Store,
  type StoredAnswer,
  type StoreOptions,
} from "./store.js";
