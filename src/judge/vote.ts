/**
 * Several engines answering together: every member answers the paper, then a hard majority
 * decides each question (K24's rule: "yes" only when the yes side holds more than half of the
 * votes or weight). `answerWithMembers` returns the members' own answers beside the vote, so the
 * pipeline stores them under each member's run key; agreement between members goes into `stats()`.
 */
import { MethodscopeError } from "../errors.js";
import type { Answer, Engine, EngineAnswers, EngineInput, Evidence, Question, YesNo } from "../types.js";
import { agreementReport, type OpinionRecord } from "./agreement.js";

/**
 * What decides an exact tie (possible with an even number of members or with weights):
 * "no" (default) is the conservative choice, since "yes" claims the paper reports something;
 * "yes" favours recall; "confidence" takes the side whose members are more confident on average
 * (still "no" when equal).
 */
export type TieRule = "no" | "yes" | "confidence";

export interface VotingOptions {
  /** Weight per member engine name (default 1 each). */
  weights?: Record<string, number>;
  tieRule?: TieRule;
}

export const VOTE_FLAGS = { disagreement: "disagreement", tie: "tie" } as const;

/**
 * An engine that runs `engines` and takes a hard majority vote per question.
 * @example const vote = createVotingEngine([llamaEngine, mixtralEngine, extractive], { tieRule: "no" });
 */
export function createVotingEngine(engines: readonly Engine[], options: VotingOptions = {}): Engine {
  if (engines.length < 2)
    throw new MethodscopeError("usage", "Voting needs at least two engines (give --llm more than once).");
  const names = engines.map((e) => e.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new MethodscopeError("usage", `The engine ${dup} is listed twice; each voter must be different.`);
  const tieRule = options.tieRule ?? "no";
  const weights = Object.fromEntries(names.map((n) => [n, options.weights?.[n] ?? 1]));
  for (const [n, w] of Object.entries(weights)) {
    if (!(w > 0)) throw new MethodscopeError("usage", `The weight of ${n} must be a positive number, got ${w}.`);
  }
  const records: OpinionRecord[] = [];

  const answerWithMembers = async (input: EngineInput, questions: Question[]): Promise<EngineAnswers> => {
    const settled = await Promise.allSettled(engines.map((e) => runMember(e, input, questions)));
    const byMember: Answer[][] = [];
    const failures: string[] = [];
    for (const [i, s] of settled.entries()) {
      const engine = engines[i] as Engine;
      if (s.status === "fulfilled") byMember.push(s.value);
      else failures.push(`${engine.name}: ${s.reason instanceof Error ? s.reason.message : String(s.reason)}`);
    }
    // A vote without one of its members would be a different vote: the paper fails instead.
    if (failures.length > 0) {
      const first = settled.find((s) => s.status === "rejected") as PromiseRejectedResult;
      const code = first.reason instanceof MethodscopeError ? first.reason.code : "internal";
      throw new MethodscopeError(code, `voting member failed (${failures.join("; ")})`, { cause: first.reason });
    }
    const answers = questions.map((q) => {
      const ballots = byMember.map((answers, i) => ({
        engine: names[i] as string,
        answer: answers.find((a) => a.cq === q.cq) ?? missing(names[i] as string, q.cq),
      }));
      records.push({
        paper: input.document.id,
        cq: q.cq,
        opinions: Object.fromEntries(
          ballots.map((b) => [b.engine, { reported: b.answer.reported, answer: b.answer.answer }]),
        ),
      });
      return tally(q.cq, ballots, weights, tieRule, name);
    });
    return { answers, members: engines.map((engine, i) => ({ engine, answers: byMember[i] as Answer[] })) };
  };
  const answerAll = async (input: EngineInput, questions: Question[]) =>
    (await answerWithMembers(input, questions)).answers;

  const name = `vote(${names.join("|")})`;
  return {
    name,
    settings: {
      mode: "vote",
      tieRule,
      members: engines.map((e, i) => ({ name: e.name, settings: e.settings, weight: weights[names[i] as string] })),
    },
    members: engines,
    answerWithMembers,
    answerAll,
    answer: async (input, q) => (await answerAll(input, [q]))[0] as Answer,
    stats: () => ({
      members: Object.fromEntries(engines.map((e) => [e.name, e.stats?.() ?? {}])),
      agreement: agreementReport(records),
    }),
    close: async () => {
      await Promise.all(engines.map((e) => e.close?.()));
    },
  };
}

async function runMember(engine: Engine, input: EngineInput, questions: Question[]): Promise<Answer[]> {
  if (engine.answerAll) return engine.answerAll(input, questions);
  return Promise.all(questions.map((q) => engine.answer(input, q)));
}

function missing(engine: string, cq: number): never {
  throw new MethodscopeError("internal", `${engine} returned no answer for CQ ${cq}`);
}

interface Ballot {
  engine: string;
  answer: Answer;
}

/**
 * The vote for one question. Evidence of a "yes" is the union of the yes-voters' verified quotes;
 * the answer text is that of the heaviest (then most confident) member on the winning side.
 */
export function tally(
  cq: number,
  ballots: readonly Ballot[],
  weights: Record<string, number>,
  tieRule: TieRule,
  engineName: string,
): Answer {
  const w = (b: Ballot) => weights[b.engine] ?? 1;
  const total = ballots.reduce((s, b) => s + w(b), 0);
  const yes = ballots.filter((b) => b.answer.reported === "yes");
  const no = ballots.filter((b) => b.answer.reported === "no");
  const yesWeight = yes.reduce((s, b) => s + w(b), 0);
  const tie = Math.abs(yesWeight * 2 - total) < 1e-9;
  let reported: YesNo = yesWeight * 2 > total ? "yes" : "no";
  if (tie)
    reported = tieRule === "yes" ? "yes" : tieRule === "confidence" && meanConf(yes) > meanConf(no) ? "yes" : "no";
  const winners = reported === "yes" ? yes : no;
  const lead = [...winners].sort((a, b) => w(b) - w(a) || b.answer.confidence - a.answer.confidence)[0];
  const flags: string[] = [];
  if (yes.length > 0 && no.length > 0) flags.push(VOTE_FLAGS.disagreement);
  if (tie) flags.push(VOTE_FLAGS.tie);
  const share = (reported === "yes" ? yesWeight : total - yesWeight) / total;
  const result: Answer = {
    cq,
    reported,
    answer: lead?.answer.answer ?? "",
    values: {
      ...(lead?.answer.values ?? {}),
      votes: Object.fromEntries(ballots.map((b) => [b.engine, b.answer.reported])),
    },
    confidence: Math.round(share * 1000) / 1000,
    evidence: reported === "yes" ? unionEvidence(yes.map((b) => b.answer.evidence)) : [],
    engine: engineName,
  };
  if (flags.length > 0) result.flags = flags;
  return result;
}

function meanConf(ballots: readonly Ballot[]): number {
  return ballots.length ? ballots.reduce((s, b) => s + b.answer.confidence, 0) / ballots.length : 0;
}

function unionEvidence(lists: readonly Evidence[][]): Evidence[] {
  const seen = new Map<string, Evidence>();
  for (const e of lists.flat()) seen.set(`${e.start}:${e.end}`, e);
  return [...seen.values()].sort((a, b) => a.start - b.start);
}
