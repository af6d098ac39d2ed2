/** Shared setup of the browser tests: a temp store filled by the real pipeline, and headless Chromium. */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Command } from "commander";
import type { Browser } from "playwright-core";
import { CHROMIUM, launchChromium } from "../../scripts/chromium.js";
import type { CliIO } from "../../src/cli/io.js";
import { registerReviewCommands } from "../../src/cli/review-commands.js";
import { extract } from "../../src/pipeline/extract.js";
import { builtinQuestions } from "../../src/questions/catalogue.js";
import { type RunningServer, serve } from "../../src/server/serve.js";
import { openStore, type Store } from "../../src/store/index.js";

export { CHROMIUM };
export const repoRoot = resolve(new URL("../..", import.meta.url).pathname);
export const artifacts = join(repoRoot, "test-artifacts");

/** Why the browser tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} is absent (install Debian's chromium to run the browser tests)`;
}

export const HOSTILE_TITLE = "Deep learning for owls <script>alert(1)</script>";
export const HOSTILE_PAPER = `${HOSTILE_TITLE}

Abstract
We trained a convolutional neural network "><img src=x onerror=alert(1)> to detect owls in camera-trap images.

Methods
Images were collected with 40 camera traps. We used a ResNet-50 network trained with the Adam optimizer for 30 epochs with a batch size of 32 on an NVIDIA RTX 3090 GPU using PyTorch.
The code is available at javascript:alert(document.cookie) and at https://github.com/owls/detector <script>alert(2)</script>.
The data were split into 70% training and 30% test sets.
`;

/** Extracts the example PDFs plus the hostile text paper into a fresh temp folder. */
export async function extractFixtures(): Promise<{ dir: string; db: string; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-browser-"));
  const hostile = join(dir, "hostile.txt");
  writeFileSync(hostile, HOSTILE_PAPER);
  const db = join(dir, "store.db");
  const out = join(dir, "out");
  await extract({
    inputs: [join(repoRoot, "examples/papers"), hostile],
    outDir: out,
    dbPath: db,
    questions: builtinQuestions(),
    questionSource: "builtin",
    chunking: "sections",
  });
  return { dir, db, out };
}

/** Runs one review command in-process and returns what it printed. */
export async function cli(args: string[], cwd: string): Promise<string> {
  const out: string[] = [];
  const io: CliIO = { stdout: (s) => out.push(s), stderr: (s) => out.push(s), isTTY: false, env: {}, cwd };
  const program = new Command("methodscope")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerReviewCommands(program, io);
  await program.parseAsync(args, { from: "user" });
  return out.join("");
}

export async function launch(): Promise<Browser> {
  return launchChromium(["--disable-quic", "--disable-sync"]);
}

export function artifactPath(name: string): string {
  mkdirSync(artifacts, { recursive: true });
  return join(artifacts, name);
}

/** What a browser test drives: the store, `serve` on it (reviewer "ana") and a headless chromium. */
export interface BrowserSession {
  store: Store;
  server: RunningServer;
  browser: Browser;
}

/**
 * Opens the store at `db`, serves it on a free loopback port and launches chromium.
 * @example ({ store, server, browser } = await openSession(db));
 */
export async function openSession(db: string): Promise<BrowserSession> {
  const store = openStore(db);
  const server = await serve({ store, port: 0, reviewer: "ana" });
  return { store, server, browser: await launch() };
}

/** Closes what {@link openSession} opened (any part may be missing when `before` failed). */
export async function closeSession(session: Partial<BrowserSession>): Promise<void> {
  await session.browser?.close();
  await session.server?.close();
  session.store?.close();
}
