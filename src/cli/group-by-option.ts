/** `--group-by`, shared by `extract` (rates.csv) and `report` / `serve` (the "Reporting rates" charts). */
import { type Command, InvalidArgumentError } from "commander";
import { DEFAULT_GROUP_BY, parseGroupBy } from "../report/rates.js";

/**
 * Adds `--group-by <keys>` to `command`: metadata keys, comma separated (default: year).
 * @example addGroupByOption(program.command("report")) // opts.groupBy: ["year", "venue"] from "--group-by year,venue"
 */
export function addGroupByOption(command: Command): Command {
  return command.option(
    "--group-by <keys>",
    'reporting rates per group of papers: metadata keys, comma separated ("year,venue"; venue is the journal)',
    groupByArg,
    [...DEFAULT_GROUP_BY],
  );
}

function groupByArg(value: string): string[] {
  try {
    return parseGroupBy(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}
