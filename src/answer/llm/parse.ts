/**
 * The structured-mode reply: one JSON object with an answer per question. The zod schema checks
 * what came back; `STRUCTURED_JSON_SCHEMA` is what providers pass to the server (response_format,
 * Ollama `format`, a llama.cpp grammar) so that well-behaved servers cannot produce anything else.
 */
import { z } from "zod";

export const StructuredItemSchema = z.object({
  cq: z.coerce.number().int().positive().describe("number of the question answered"),
  reported: z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(["yes", "no"]))
    .describe('"yes" when the paper states the information, else "no"'),
  answer: z.string().describe("short answer in the model's words"),
  values: z
    .union([z.record(z.string(), z.unknown()), z.array(z.object({ name: z.string(), value: z.unknown() }))])
    .nullish()
    .transform(
      (v): Record<string, unknown> =>
        Array.isArray(v) ? Object.fromEntries(v.map((p) => [p.name, p.value])) : (v ?? {}),
    )
    .describe("named values found (e.g. optimizer: Adam), as an object or a list of {name, value}"),
  evidence: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? [])
    .describe("verbatim quotes copied from the context"),
});

export const StructuredReplySchema = z.object({ answers: z.array(StructuredItemSchema) });

export type StructuredItem = z.infer<typeof StructuredItemSchema>;

/** JSON Schema of the reply, for servers that enforce structured output. */
export const STRUCTURED_JSON_SCHEMA: { name: string; schema: Record<string, unknown> } = {
  name: "methodscope_answers",
  schema: {
    type: "object",
    additionalProperties: false,
    required: ["answers"],
    properties: {
      answers: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["cq", "reported", "answer", "values", "evidence"],
          properties: {
            cq: { type: "integer" },
            reported: { type: "string", enum: ["yes", "no"] },
            answer: { type: "string" },
            // A list of pairs, not a free-form object: OpenAI's strict mode allows no open objects.
            values: {
              type: "array",
              items: {
                type: "object",
                additionalProperties: false,
                required: ["name", "value"],
                properties: { name: { type: "string" }, value: { type: "string" } },
              },
            },
            evidence: { type: "array", items: { type: "string" } },
          },
        },
      },
    },
  },
};

export type ParseResult = { ok: true; items: StructuredItem[] } | { ok: false; error: string };

/**
 * Parses and validates a reply for the questions `expected`: JSON (code fences and text around the
 * object are tolerated), the schema, and one answer for every expected question. Extra answers are
 * ignored; a question answered twice keeps its first answer.
 * @example parseStructuredReply('{"answers":[{"cq":5,"reported":"no","answer":"","values":{},"evidence":[]}]}', [5])
 */
export function parseStructuredReply(text: string, expected: readonly number[]): ParseResult {
  const json = extractJsonObject(text);
  if (json === undefined) return { ok: false, error: "the reply contains no JSON object" };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `the reply is not valid JSON (${(error as Error).message})` };
  }
  const parsed = StructuredReplySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    return { ok: false, error: `the JSON does not match the schema${where}: ${issue?.message ?? "invalid"}` };
  }
  const byCq = new Map<number, StructuredItem>();
  for (const item of parsed.data.answers) if (!byCq.has(item.cq)) byCq.set(item.cq, item);
  const missing = expected.filter((cq) => !byCq.has(cq));
  if (missing.length > 0) return { ok: false, error: `no answer for question(s) ${missing.join(", ")}` };
  return { ok: true, items: expected.map((cq) => byCq.get(cq) as StructuredItem) };
}

/** The outermost `{…}` of a reply, without Markdown fences; undefined when there is none. */
export function extractJsonObject(text: string): string | undefined {
  const unfenced = text.replace(/```(?:json)?/gi, "");
  const first = unfenced.indexOf("{");
  const last = unfenced.lastIndexOf("}");
  return first >= 0 && last > first ? unfenced.slice(first, last + 1) : undefined;
}
