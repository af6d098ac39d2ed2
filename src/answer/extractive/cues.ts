import { MethodscopeError } from "../../errors.js";
import { type Cues, CuesSchema, formatIssues, type Signal } from "../../questions/cues-schema.js";
import type { Question } from "../../types.js";
import { type Gate, regexGate } from "./prefilter.js";
import { VALUE_EXTRACTORS, type ValueExtractor } from "./values.js";
import { VOCABULARIES } from "./vocab.js";

export type { Cues };

/** A signal compiled for matching. */
export interface CompiledSignal {
  name: string;
  weight: number;
  valueKey?: string;
  negatable: boolean;
  neuralOnly: boolean;
  dlOnly: boolean;
  requires?: RegExp;
  /** Words `requires` cannot match without (see prefilter.ts). */
  requiresGate?: Gate;
  /** Each term with its gate: the words any match of the term contains; undefined: always run. */
  terms: { name: string; re: RegExp; keepMatch?: boolean; gate?: Gate }[];
  /** Case-insensitive union of all terms: a cheap test before matching term by term. */
  any?: RegExp;
  extractor?: ValueExtractor;
}

export interface CompiledCues extends Omit<Cues, "signals" | "exclude"> {
  signals: CompiledSignal[];
  exclude?: RegExp;
  excludeGate?: Gate;
}

/** Parses and compiles a question's cues; throws a usage error naming the question on bad data. */
export function compileCues(question: Question): CompiledCues {
  const parsed = CuesSchema.safeParse(question.cues ?? {});
  if (!parsed.success)
    throw new MethodscopeError(
      "usage",
      `Question ${question.cq} has invalid cues: ${formatIssues(parsed.error, "cues").join("; ")}`,
    );
  const cues = parsed.data;
  try {
    const exclude = cues.exclude ? new RegExp(cues.exclude, "i") : undefined;
    return {
      ...cues,
      exclude,
      excludeGate: exclude && regexGate(exclude),
      signals: cues.signals.map((s) => compileSignal(s, question.cq)),
    };
  } catch (error) {
    if (error instanceof MethodscopeError) throw error;
    throw new MethodscopeError("usage", `Question ${question.cq} has a bad pattern: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function compileSignal(s: Signal, cq: number): CompiledSignal {
  const terms: CompiledSignal["terms"] = [];
  if (s.vocab) {
    const vocab = VOCABULARIES[s.vocab];
    if (!vocab) throw new MethodscopeError("usage", `Question ${cq} names an unknown vocabulary "${s.vocab}"`);
    for (const term of vocab)
      terms.push({
        name: term.name,
        re: new RegExp(term.pattern, term.caseSensitive ? "g" : "gi"),
        keepMatch: term.keepMatch,
      });
  }
  if (s.pattern) terms.push({ name: s.name, re: new RegExp(s.pattern, "gi") });
  for (const term of terms) term.gate = regexGate(term.re);
  const extractor = s.extractor ? VALUE_EXTRACTORS[s.extractor] : undefined;
  if (s.extractor && !extractor)
    throw new MethodscopeError("usage", `Question ${cq} names an unknown extractor "${s.extractor}"`);
  const requires = s.requires ? new RegExp(s.requires, "i") : undefined;
  return {
    name: s.name,
    weight: s.weight,
    valueKey: s.valueKey,
    negatable: s.negatable,
    neuralOnly: s.neuralOnly,
    dlOnly: s.dlOnly,
    requires,
    requiresGate: requires && regexGate(requires),
    terms,
    any: terms.length > 0 ? new RegExp(terms.map((x) => `(?:${x.re.source})`).join("|"), "i") : undefined,
    extractor,
  };
}
