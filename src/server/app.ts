/**
 * The review UI as a Hono app: the report's views plus review actions, over one store.
 * Every request needs the session token (query once, then an HttpOnly cookie; POSTs in the
 * x-methodscope-token header); paper ids are looked up in the store, never used as file paths.
 */
import { timingSafeEqual } from "node:crypto";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import { MethodscopeError } from "../errors.js";
import { goldJsonl, goldRecords } from "../evaluate/gold.js";
import { CLIENT_SCRIPT } from "../report/html/client.js";
import { loadCorpus } from "../report/html/corpus.js";
import { renderCard } from "../report/html/paper.js";
import { stylesheet } from "../report/html/styles.js";
import { answerRow } from "../report/rows.js";
import { addReview, listReviews } from "../store/reviews.js";
import type { Store } from "../store/store.js";
import { overviewPage, paperPage, queuePage, SERVER_LINKS } from "./pages.js";
import { ReviewRequestSchema, reviewFor } from "./review-ops.js";

export interface AppOptions {
  store: Store;
  /** The per-session secret; give a long random string (see `newToken`). */
  token: string;
  /** Name stored with every review. */
  reviewer?: string;
  /** Clock for review timestamps (tests). */
  now?: () => Date;
  /** Receives unexpected errors (the client gets only a generic message). */
  onInternalError?: (error: unknown) => void;
}

export const TOKEN_HEADER = "x-methodscope-token";
const COOKIE = "methodscope_session";

/** Scripts and styles only from this server; no frames, no plugins, no foreign connections. */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Builds the app. Test it in-process with `app.request()`.
 * @example const app = createApp({ store, token: newToken(), reviewer: "ana" }); await app.request(`/?token=${token}`)
 */
export function createApp(options: AppOptions): Hono {
  const { store, token } = options;
  if (token.length < 16) throw new MethodscopeError("usage", "The session token must be at least 16 characters.");
  const reviewer = options.reviewer?.trim() || "reviewer";
  const now = options.now ?? (() => new Date());
  const shell = { token, reviewer };
  const app = new Hono();

  app.use("*", async (c, next) => {
    await next();
    c.header("Content-Security-Policy", CSP);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Frame-Options", "DENY");
    c.header("Cache-Control", "no-store");
  });

  // Assets hold no data, so they load without the token.
  app.get("/assets/app.js", (c) => c.body(CLIENT_SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8" }));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/assets/app.css", (c) => {
    const categories = loadCorpus(store).questions.map((q) => q.category);
    return c.body(stylesheet(categories), 200, { "Content-Type": "text/css; charset=utf-8" });
  });

  app.use("*", async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") {
      const fromQuery = c.req.query("token");
      if (fromQuery !== undefined && same(fromQuery, token)) {
        setCookie(c, COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/" });
        const url = new URL(c.req.url);
        url.searchParams.delete("token");
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
      if (same(getCookie(c, COOKIE), token) || same(c.req.header(TOKEN_HEADER), token)) return next();
    } else if (same(c.req.header(TOKEN_HEADER), token)) {
      return next();
    }
    return c.json(
      { error: "Forbidden: missing or wrong session token. Open the URL that `methodscope serve` printed." },
      403,
    );
  });

  app.get("/", (c) => c.html(overviewPage(loadCorpus(store), shell)));
  app.get("/paper/:id", (c) => {
    const html = paperPage(loadCorpus(store), c.req.param("id"), shell);
    if (html === undefined) throw new MethodscopeError("not-found", "No paper with that id in the store.");
    return c.html(html);
  });
  app.get("/queue", (c) => {
    const offset = Number(c.req.query("offset") ?? 0);
    return c.html(queuePage(loadCorpus(store), Number.isInteger(offset) && offset > 0 ? offset : 0, shell));
  });

  app.get("/api/reviews", (c) => {
    const cq = c.req.query("cq");
    return c.json(listReviews(store, { documentId: c.req.query("documentId"), cq: cq ? Number(cq) : undefined }));
  });
  app.post(
    "/api/reviews",
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => c.json({ error: "Request body too large (64 KiB at most)." }, 413),
    }),
    async (c) => {
      const parsed = ReviewRequestSchema.safeParse(await readJson(c));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new MethodscopeError("usage", `Invalid review: ${issue.path.join(".") || "body"}: ${issue.message}`);
      }
      const request = parsed.data;
      const cell = findCell(store, request.documentId, request.cq);
      const review = addReview(store, reviewFor(cell, request, reviewer), now());
      const corpus = loadCorpus(store);
      const paper = corpus.papers.find((p) => p.id === request.documentId);
      const fresh = paper?.cells.find((x) => x.cq === request.cq);
      const html =
        paper && fresh
          ? renderCard(corpus, paper, fresh, SERVER_LINKS, { review: true, showPaper: request.showPaper })
          : "";
      return c.json({ review, html }, 201);
    },
  );

  app.get("/export/gold.jsonl", (c) =>
    c.body(goldJsonl(goldRecords(store)), 200, {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": 'attachment; filename="gold.jsonl"',
    }),
  );
  app.get("/export/results.jsonl", (c) => {
    const corpus = loadCorpus(store);
    const lines = corpus.papers.flatMap((p) =>
      p.cells.flatMap((cell) =>
        cell.answers.map((a) =>
          JSON.stringify(answerRow({ id: p.id, file: p.file, title: p.title }, { cq: a.cq, text: a.question }, a)),
        ),
      ),
    );
    return c.body(lines.map((l) => `${l}\n`).join(""), 200, {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": 'attachment; filename="results.jsonl"',
    });
  });

  app.notFound((c) => c.json({ error: `Not found: ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  // One error handler: a message for the user, never a stack trace.
  app.onError((error, c) => {
    if (error instanceof MethodscopeError) {
      const status = error.code === "usage" ? 400 : error.code === "not-found" ? 404 : 500;
      return c.json({ error: error.message }, status);
    }
    options.onInternalError?.(error);
    return c.json({ error: "Internal error; see the terminal running methodscope serve." }, 500);
  });
  return app;
}

function findCell(store: Store, documentId: string, cq: number) {
  const corpus = loadCorpus(store);
  const cell = corpus.papers.find((p) => p.id === documentId)?.cells.find((c) => c.cq === cq);
  if (!cell)
    throw new MethodscopeError("not-found", `No answer for paper ${documentId.slice(0, 12)} CQ${cq} in the store.`);
  return cell;
}

async function readJson(c: Context): Promise<unknown> {
  if (!(c.req.header("content-type") ?? "").includes("application/json")) {
    throw new MethodscopeError("usage", "Send the review as JSON (Content-Type: application/json).");
  }
  try {
    return await c.req.json();
  } catch {
    throw new MethodscopeError("usage", "The request body is not valid JSON.");
  }
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function same(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
