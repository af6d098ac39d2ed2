/**
 * Prompt templates are data with named `{placeholders}`. Filling replaces only the names it is
 * given, so literal braces elsewhere (JSON examples in a prompt) are left alone.
 */
import { MethodscopeError } from "../../errors.js";

/**
 * Replaces every `{name}` whose name is a key of `values`; other braces stay as written.
 * Replacement text is inserted verbatim (a `$` or `{x}` inside a value is not interpreted).
 * @example fillTemplate("Q: {question}", { question: "Which optimizer?" }) // "Q: Which optimizer?"
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? (values[name] as string) : whole,
  );
}

/** Throws a usage error naming the template when one of `names` has no `{name}` placeholder in it. */
export function requirePlaceholders(template: string, names: readonly string[], what: string): void {
  const missing = names.filter((n) => !template.includes(`{${n}}`));
  if (missing.length > 0) {
    throw new MethodscopeError(
      "usage",
      `${what} has no ${missing.map((n) => `{${n}}`).join(" or ")} placeholder; add it where that text belongs.`,
    );
  }
}
