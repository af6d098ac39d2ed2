/**
 * The schema of a question's `cues` (what the extractive engine reads): strict, so a misspelt
 * field ("treshold", "patern", "wieght") is an error that names it instead of a silent default.
 * Vocabulary and extractor names are checked by the engine when it compiles the cues.
 */
import { z } from "zod";

/** One signal of a question: a vocabulary or a pattern whose match in a sentence is evidence. */
export const SignalSchema = z.strictObject({
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

/** The `cues` object of a catalogue entry. */
export const CuesSchema = z.strictObject({
  signals: z.array(SignalSchema).default([]).describe("What counts as evidence (any number of signals)"),
  threshold: z.number().default(1).describe("Summed weight needed for a yes"),
  exclude: z.string().optional().describe("Sentences matching this are never evidence"),
  deferralsUnstated: z
    .boolean()
    .default(false)
    .describe(
      'A sentence that only says where settings are listed ("… are listed in Supplementary Table 4") is not evidence',
    ),
  sections: z.record(z.string(), z.number()).default({}).describe("Per-section weight overrides"),
  otherWorkWeight: z.number().default(0).describe("Weight factor for sentences about other work"),
  hedgeWeight: z.number().default(0.5).describe("Weight factor for hedged sentences"),
  nonDlThreshold: z.number().optional().describe("Threshold for non-DL papers (general questions)"),
  say: z
    .array(z.strictObject({ key: z.string(), text: z.string() }))
    .default([])
    .describe("Answer sentences: `{}` is replaced by the joined values of `key`"),
  missing: z.string().default("this information").describe("What the question asks, for the 'not stated' answer"),
});

export type Cues = z.infer<typeof CuesSchema>;
export type Signal = z.infer<typeof SignalSchema>;

/**
 * Zod issues as one line each, with the path of the field at fault:
 * `cues.signals[0]: unrecognized key "patern"`.
 * @example formatIssues(CuesSchema.safeParse({ treshold: 5 }).error!) // ['unrecognized key "treshold"']
 */
export function formatIssues(error: z.ZodError, prefix = ""): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))]
      .join("")
      .replace(/^\./, "");
    const what =
      issue.code === "unrecognized_keys"
        ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`
        : issue.message;
    return path ? `${path}: ${what}` : what;
  });
}
