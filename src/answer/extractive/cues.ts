import { z } from "zod";
import { MethodscopeError } from "../../errors.js";
import type { Question } from "../../types.js";
import { VALUE_EXTRACTORS, type ValueExtractor } from "./values.js";
import { VOCABULARIES } from "./vocab.js";

/** One signal of a question: a vocabulary or a pattern whose match in a sentence is evidence. */
const SignalSchema = z.object({
  name: z.string().describe("Signal name; also the values key unless `valueKey` is given"),
  vocab: z.string().optional().describe("Name of a vocabulary in vocab.ts"),
  pattern: z.string().optional().describe("Case-insensitive regular expression source"),
  extractor: z.string().optional().describe("Name of a value extractor in values.ts"),
  weight: z.number().default(1).describe("Evidence weight of one match"),
  requires: z.string().optional().describe("The sentence must also match this pattern"),
  valueKey: z.string().optional().describe("Collect canonical names under this key in `values`"),
  negatable: z.boolean().default(true).describe("A negated clause cancels the match"),
  neuralOnly: z.boolean().default(false).describe("Keep only neural-network names (vocab models)"),
  dlOnly: z.boolean().default(false).describe("Ignored when the paper does not do deep learning"),
});

/** The `cues` object of a catalogue entry as the extractive engine reads it. */
export const CuesSchema = z.object({
  signals: z.array(SignalSchema).default([]).describe("What counts as evidence"),
  threshold: z.number().default(1).describe("Summed weight needed for a yes"),
  exclude: z.string().optional().describe("Sentences matching this are never evidence"),
  sections: z.record(z.string(), z.number()).default({}).describe("Per-section weight overrides"),
  otherWorkWeight: z.number().default(0).describe("Weight factor for sentences about other work"),
  hedgeWeight: z.number().default(0.5).describe("Weight factor for hedged sentences"),
  nonDlThreshold: z.number().optional().describe("Threshold for non-DL papers (general questions)"),
  say: z
    .array(z.object({ key: z.string(), text: z.string() }))
    .default([])
    .describe("Answer sentences: `{}` is replaced by the joined values of `key`"),
  missing: z.string().default("this information").describe("What the question asks, for the 'not stated' answer"),
});

export type Cues = z.infer<typeof CuesSchema>;

/** A signal compiled for matching. */
export interface CompiledSignal {
  name: string;
  weight: number;
  valueKey?: string;
  negatable: boolean;
  neuralOnly: boolean;
  dlOnly: boolean;
  requires?: RegExp;
  terms: { name: string; re: RegExp; keepMatch?: boolean }[];
  /** Case-insensitive union of all terms: a cheap test before matching term by term. */
  any?: RegExp;
  extractor?: ValueExtractor;
}

export interface CompiledCues extends Omit<Cues, "signals" | "exclude"> {
  signals: CompiledSignal[];
  exclude?: RegExp;
}

/** Parses and compiles a question's cues; throws a usage error naming the question on bad data. */
export function compileCues(question: Question): CompiledCues {
  const parsed = CuesSchema.safeParse(question.cues ?? {});
  if (!parsed.success)
    throw new MethodscopeError("usage", `Question ${question.cq} has invalid cues: ${parsed.error.message}`);
  const cues = parsed.data;
  try {
    return {
      ...cues,
      exclude: cues.exclude ? new RegExp(cues.exclude, "i") : undefined,
      signals: cues.signals.map((s) => compileSignal(s, question.cq)),
    };
  } catch (error) {
    if (error instanceof MethodscopeError) throw error;
    throw new MethodscopeError("usage", `Question ${question.cq} has a bad pattern: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function compileSignal(s: z.infer<typeof SignalSchema>, cq: number): CompiledSignal {
  const terms: { name: string; re: RegExp; keepMatch?: boolean }[] = [];
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
  const extractor = s.extractor ? VALUE_EXTRACTORS[s.extractor] : undefined;
  if (s.extractor && !extractor)
    throw new MethodscopeError("usage", `Question ${cq} names an unknown extractor "${s.extractor}"`);
  return {
    name: s.name,
    weight: s.weight,
    valueKey: s.valueKey,
    negatable: s.negatable,
    neuralOnly: s.neuralOnly,
    dlOnly: s.dlOnly,
    requires: s.requires ? new RegExp(s.requires, "i") : undefined,
    terms,
    any: terms.length > 0 ? new RegExp(terms.map((x) => `(?:${x.re.source})`).join("|"), "i") : undefined,
    extractor,
  };
}
