import { isAbsolute, resolve } from "node:path";
import { describeError, MethodscopeError } from "../errors.js";
import { builtinQuestions, loadQuestions } from "../questions/catalogue.js";
import type { Question } from "../types.js";

/**
 * The question set of a `--questions` option: the built-in catalogue, or the user's file (relative
 * paths from `cwd`); a file that cannot be read is a usage error.
 * @example const questions = await questionSet(io.cwd, opts.questions);
 */
export async function questionSet(cwd: string, path: string | undefined): Promise<Question[]> {
  if (!path) return builtinQuestions();
  try {
    return await loadQuestions(isAbsolute(path) ? path : resolve(cwd, path));
  } catch (error) {
    const why = error instanceof MethodscopeError ? error.message : describeError(error);
    throw new MethodscopeError("usage", `cannot use --questions ${path}: ${why}`, { cause: error });
  }
}
