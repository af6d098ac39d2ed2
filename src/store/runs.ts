/**
 * The runs a store holds, and which of them a report, the review UI or an evaluation shows. A run
 * key (see `runKeyFor`) names one engine with one setup; a store that lives for months holds many.
 * By default the views show the latest run key of each engine family (the engine's name), so an old
 * and a new setup of one engine never appear side by side as if they were voters.
 */
import { MethodscopeError } from "../errors.js";
import type { Store } from "./store.js";

/** One run key as `methodscope runs` lists it. */
export interface RunSummary {
  runKey: string;
  /** The engine's name: its family (runs of one family supersede each other). */
  engine: string;
  settings: Record<string, unknown>;
  /** When its latest run started ("" for answers whose run row is missing: stores of old versions). */
  lastStartedAt: string;
  /** How many times it was run. */
  runs: number;
  /** Papers with answers under it. */
  papers: number;
  answers: number;
  /** The tool version of its latest run (from run.json), when recorded. */
  toolVersion?: string;
  /** True when a later run key of the same engine family exists. */
  superseded: boolean;
  /** The member run keys, for a vote (recorded with the vote's run). */
  members: string[];
}

interface RunKeyRow {
  run_key: string;
  engine: string;
  settings_json: string;
  started_at: string;
  runs: number;
  /** run.json's tool.version, when recorded. */
  tool_version: string | null;
  /** run.json's member_run_keys (JSON), when it is a list. */
  members_json: string | null;
}

/**
 * Every run key of the store, oldest first, with counts; keys that have answers but no run row get
 * one entry each (their engine from their answers).
 * @example listRuns(store).filter((r) => !r.superseded).map((r) => r.runKey.slice(0, 8))
 */
export function listRuns(store: Store): RunSummary[] {
  return runSummaries(store, answerCounts(store));
}

/** Papers and answers per run key that has answers, with the first engine (by name) of its answers. */
type AnswerCounts = Map<string, { engine: string; papers: number; answers: number }>;

/** The counts of every run key: a pass over every answer (seconds at 100,000 papers). */
function answerCounts(store: Store): AnswerCounts {
  const rows = store.db
    .prepare(
      `SELECT run_key, MIN(engine) AS engine, COUNT(DISTINCT document_id) AS papers, COUNT(*) AS answers
       FROM answers GROUP BY run_key`,
    )
    .all() as { run_key: string; engine: string; papers: number; answers: number }[];
  return new Map(rows.map((r) => [r.run_key, r]));
}

/**
 * Which run keys have answers, without counting them: one index look-up per run key (choosing the
 * runs a report shows must not read every answer). Counts are 1 (some) here; orphans' engines are
 * found as {@link answerCounts} finds them.
 */
function answerPresence(store: Store): AnswerCounts {
  const keys = store.db
    .prepare(
      `WITH RECURSIVE k(run_key) AS (
         SELECT MIN(run_key) FROM answer_rows
         UNION ALL
         SELECT (SELECT MIN(run_key) FROM answer_rows WHERE run_key > k.run_key) FROM k WHERE k.run_key IS NOT NULL
       ) SELECT run_key FROM k WHERE run_key IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
  const known = new Set(store.db.prepare("SELECT DISTINCT run_key FROM runs").pluck().all() as string[]);
  const engineOf = store.db.prepare("SELECT MIN(engine) FROM answer_rows WHERE run_key = ?").pluck();
  return new Map(
    keys.map((runKey) => [
      runKey,
      { engine: known.has(runKey) ? "" : (engineOf.get(runKey) as string), papers: 1, answers: 1 },
    ]),
  );
}

function runSummaries(store: Store, counts: AnswerCounts): RunSummary[] {
  const rows = store.db
    .prepare(
      // Of run.json only the two fields read here: a run's manifest lists every input (62 MB at 100,000
      // papers), which SQLite walks in a fraction of the time JSON.parse takes to build it.
      `SELECT r.run_key, r.engine, r.settings_json, r.started_at, c.runs,
              json_extract(r.manifest_json, '$.tool.version') AS tool_version,
              CASE json_type(r.manifest_json, '$.member_run_keys')
                WHEN 'array' THEN json_extract(r.manifest_json, '$.member_run_keys') END AS members_json
       FROM runs r
       JOIN (SELECT run_key, MAX(started_at) AS started_at, COUNT(*) AS runs FROM runs GROUP BY run_key) c
         ON c.run_key = r.run_key AND c.started_at = r.started_at
       GROUP BY r.run_key
       ORDER BY r.started_at, r.run_key`,
    )
    .all() as RunKeyRow[];
  const summaries: RunSummary[] = rows.map((r) => {
    const settings = JSON.parse(r.settings_json) as Record<string, unknown>;
    return {
      runKey: r.run_key,
      engine: r.engine,
      settings,
      lastStartedAt: r.started_at,
      runs: r.runs,
      papers: counts.get(r.run_key)?.papers ?? 0,
      answers: counts.get(r.run_key)?.answers ?? 0,
      toolVersion: r.tool_version ?? undefined,
      superseded: false,
      members: r.members_json === null ? [] : (JSON.parse(r.members_json) as string[]),
    };
  });
  const known = new Set(summaries.map((s) => s.runKey));
  for (const [runKey, c] of counts) {
    if (known.has(runKey)) continue;
    summaries.unshift({
      runKey,
      engine: c.engine,
      settings: {},
      lastStartedAt: "",
      runs: 0,
      papers: c.papers,
      answers: c.answers,
      superseded: false,
      members: [],
    });
  }
  const latest = new Map<string, RunSummary>();
  for (const s of summaries) if (s.answers > 0 || s.runs > 0) latest.set(s.engine, s); // oldest first: the last wins
  for (const s of summaries) s.superseded = latest.get(s.engine) !== s;
  return summaries;
}

/**
 * The run keys a view shows. `specs` are `latest` (the latest run key of each engine family, and the
 * members of a vote among them: the default), `all`, or a run key or an unambiguous prefix of one (as
 * `methodscope runs` prints it; a vote's members come with it). Unknown or ambiguous keys are usage errors.
 * @example selectRuns(store, ["latest"]) // Set { "3f9a…", "c01d…" }
 */
export function selectRuns(store: Store, specs: readonly string[] = []): Set<string> {
  // Which runs have answers is all the choice needs, not how many.
  const runs = runSummaries(store, answerPresence(store));
  const byKey = new Map(runs.map((r) => [r.runKey, r]));
  const chosen = new Set<string>();
  const add = (run: RunSummary) => {
    chosen.add(run.runKey);
    for (const member of run.members) chosen.add(member);
  };
  for (const spec of specs.length === 0 ? ["latest"] : specs) {
    if (spec === "all") for (const r of runs) chosen.add(r.runKey);
    else if (spec === "latest") for (const r of runs.filter((x) => !x.superseded)) add(r);
    else {
      const matches = runs.filter((r) => r.runKey.startsWith(spec.toLowerCase()));
      if (matches.length === 0 || spec.length < 4)
        throw new MethodscopeError(
          "usage",
          `--run ${spec}: no run key starts with that (give 4 or more characters; \`methodscope runs --db FILE\` lists them)`,
        );
      if (matches.length > 1)
        throw new MethodscopeError(
          "usage",
          `--run ${spec}: ${matches.length} run keys start with that; give more characters`,
        );
      add(byKey.get(matches[0]?.runKey as string) as RunSummary);
    }
  }
  return chosen;
}

/**
 * Removes the answers (and run rows) of superseded run keys that no kept run needs: keys of an engine
 * family that has a later key, unless `keep` names them or a kept vote has them as members. Reviews
 * stay. Returns what was removed.
 * @example pruneRuns(store) // { runKeys: ["a54ad4…"], answers: 84 }
 */
export function pruneRuns(store: Store, keep: ReadonlySet<string> = new Set()): { runKeys: string[]; answers: number } {
  const runs = listRuns(store);
  const needed = new Set<string>(keep);
  for (const r of runs)
    if (!r.superseded || keep.has(r.runKey)) for (const m of [r.runKey, ...r.members]) needed.add(m);
  const doomed = runs.filter((r) => r.superseded && !needed.has(r.runKey)).map((r) => r.runKey);
  let answers = 0;
  store.transaction(() => {
    for (const runKey of doomed) {
      answers += store.db.prepare("DELETE FROM answer_rows WHERE run_key = ?").run(runKey).changes;
      store.db.prepare("DELETE FROM runs WHERE run_key = ?").run(runKey);
      store.db.prepare("DELETE FROM failures WHERE run_key = ?").run(runKey);
    }
  });
  return { runKeys: doomed, answers };
}
