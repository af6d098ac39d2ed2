import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Command, CommanderError } from "commander";
import { describeError, MethodscopeError } from "../errors.js";
import { TOOL_VERSION } from "../version.js";
import { type CliIO, processIO } from "./io.js";
import { questionSet } from "./question-set.js";

/** Exit codes: 0 all inputs succeeded, 1 some failed (the rest written), 2 usage error. */
export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code. The only place that
 * prints; `bin/methodscope.js` sets the process's exit code from it.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = Math.max(exitCode, code);
  };
  const program = await buildProgram(io, setExit, argv[0]);
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; bad options and arguments are usage errors.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr(`methodscope: ${describeError(error)}\n`);
    return error instanceof MethodscopeError && error.code === "usage" ? EXIT.usage : EXIT.someFailed;
  }
}

// The commands of each module, so that a run loads only the module of its command (an extract never
// loads the review server or the bench); help, --version and unknown commands load them all.
const REVIEW_COMMANDS = ["report", "serve", "runs", "prune", "gold"];
const KNOWN = ["extract", "questions", "bench", "fetch", ...REVIEW_COMMANDS];
const wanted = (command: string | undefined, names: readonly string[]) =>
  command === undefined || !KNOWN.includes(command) || names.includes(command);

async function buildProgram(io: CliIO, setExit: (code: number) => void, command?: string): Promise<Command> {
  const program = new Command("methodscope")
    .description("Reads scientific papers and reports what each says about its deep-learning methodology.")
    .version(TOOL_VERSION)
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  if (wanted(command, ["extract"]))
    (await import("./extract-command.js")).registerExtractCommand(program, {
      io,
      setExit,
      abs: (path) => abs(io, path),
      questionSet: (path) => questionSet(io.cwd, path),
    });

  program
    .command("questions")
    .description("list the question set (built-in, or the one in --questions)")
    .option("--questions <file>", "question set file to show instead of the built-in one")
    .option("--json", "print as JSON", false)
    .exitOverride()
    .action(async (opts: { questions?: string; json: boolean }) => {
      const questions = await questionSet(io.cwd, opts.questions);
      if (opts.json) io.stdout(`${JSON.stringify(questions, null, 2)}\n`);
      else for (const q of questions) io.stdout(`CQ${String(q.cq).padEnd(3)} ${q.label.padEnd(28)} ${q.text}\n`);
    });

  if (wanted(command, ["bench"])) (await import("./bench-command.js")).registerBenchCommand(program, io);
  if (wanted(command, ["fetch"])) (await import("./fetch-command.js")).registerFetchCommand(program, io, setExit);
  if (wanted(command, REVIEW_COMMANDS)) (await import("./review-commands.js")).registerReviewCommands(program, io);
  return program;
}

function abs(io: CliIO, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}

// Run directly (`node --import tsx src/cli/main.ts …`), as the dev scripts do.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
