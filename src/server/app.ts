/**
 * The review UI as a Hono app: the report's views plus review actions, over one store.
 * Every request must name this server in its Host header and carry the session token (query once,
 * then an HttpOnly cookie; POSTs in the x-methodscope-token header); paper ids are looked up in the
 * store, never used as file paths. Each request reads only the rows it shows.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { type ErrorCode, MethodscopeError } from "../errors.js";
import { goldJsonl, goldRecords } from "../evaluate/gold.js";
import { builtinQuestions } from "../questions/catalogue.js";
import { clientScript } from "../report/html/client.js";
import { loadCorpus } from "../report/html/corpus.js";
import { metadataBlock } from "../report/html/metadata.js";
import { createCorpusReader, withReview } from "../report/html/reader.js";
import { stylesheet } from "../report/html/styles.js";
import { DEFAULT_GROUP_BY } from "../report/rates.js";
import { answerRow } from "../report/rows.js";
import { addMetadataEdit, paperMetadata } from "../store/metadata.js";
import { addReview, listReviews } from "../store/reviews.js";
import type { Store } from "../store/store.js";
import { MetadataRequestSchema, metadataEditFor } from "./metadata-ops.js";
import { createOverviewCache, createOverviewMetadata } from "./overview-cache.js";
import {
  cardHtml,
  overviewPage,
  paperPage,
  paperTextPage,
  QUEUE_PAGE_SIZE,
  queuePage,
  VALUES_PAGE_SIZE,
  valuesPage,
} from "./pages.js";
import { ReviewRequestSchema, reviewFor } from "./review-ops.js";

export interface AppOptions {
  store: Store;
  /** The per-session secret; give a long random string (see `newToken`). */
  token: string;
  /** Name stored with every review. */
  reviewer?: string;
  /** The run keys shown (`selectRuns`); every run when absent. */
  runs?: ReadonlySet<string>;
  /** Metadata keys the overview's rate charts group papers by (default: year). */
  groupBy?: readonly string[];
  /** Clock for review timestamps (tests). */
  now?: () => Date;
  /** Receives unexpected errors (the client gets only a generic message). */
  onInternalError?: (error: unknown) => void;
  /**
   * The Host header values the app answers ("name:port", lower case), read on every request so
   * `serve` can fill the set once listening has picked the port. Anything else is refused (421),
   * which stops DNS rebinding: a page on evil.example that rebinds its name to 127.0.0.1 still
   * sends `Host: evil.example`. Default: 127.0.0.1, localhost and [::1] on any port.
   */
  allowedHosts?: ReadonlySet<string>;
  /**
   * Read the corpus-wide views now, before any request: the vote summary of every cell with the
   * overview's numbers, and the review queue's order. At 100,000 papers that is seconds of work that
   * the first overview or queue request would otherwise wait for, and every request behind it.
   * `serve` warms by default; off for an app built in-process (tests).
   */
  warm?: boolean;
}

export const TOKEN_HEADER = "x-methodscope-token";

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
 * The session cookie's name: unique to the instance (derived from its token, never revealing it),
 * so a second `serve` on another port neither overwrites nor logs out the first.
 *
 * Remaining exposure: cookies ignore ports, so the browser also sends this cookie to any other web
 * server it visits on the same host name (127.0.0.1 or localhost), and that server's owner could
 * replay it to read pages (which carry the write token). The cookie is as narrow as http allows
 * (HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; Path=/; a session
 * cookie, gone when the browser closes), writes need the token in a header that only this
 * server's own pages can send, and the Host check below refuses requests made under other names.
 */
export function sessionCookieName(token: string): string {
  return `methodscope_${createHash("sha256").update(`methodscope-cookie:${token}`).digest("hex").slice(0, 16)}`;
}

/** Host names that reach this machine only, accepted on any port when no `allowedHosts` is given. */
const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Query of GET /queue: a page offset, a non-negative whole number. */
const QueueQuerySchema = z.object({
  offset: z
    .string()
    .regex(/^\d{1,9}$/, "expected a non-negative whole number")
    .transform(Number)
    .optional()
    .describe("Index of the first queue item shown (default 0)"),
});

/** Query of GET / and GET /values: the first paper of the page shown. */
const OverviewQuerySchema = z.object({
  papers: z
    .string()
    .regex(/^\d{1,9}$/, "expected a non-negative whole number")
    .transform(Number)
    .optional()
    .describe("Index of the first paper of the heatmap page (default 0)"),
});

/** Query of GET /paper/:id/text: the question whose candidates are highlighted. */
const TextQuerySchema = z.object({
  cq: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, "expected a positive whole number")
    .transform(Number)
    .describe("The question whose answer the text view reviews"),
});

/** Query of GET /api/reviews. An unknown documentId gives an empty list, as does a CQ nobody reviewed. */
const ReviewsQuerySchema = z.object({
  documentId: z.string().min(1).max(200).optional().describe("Only this paper's reviews"),
  cq: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, "expected a positive whole number")
    .transform(Number)
    .optional()
    .describe("Only this question's reviews"),
});

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
  const cookie = sessionCookieName(token);
  const reader = createCorpusReader(store, undefined, { runs: options.runs });
  // Metadata is read once per commit by another connection or edit through this app; the overview's
  // numbers are counted once from the cached vote summary, then follow each review (overview-cache.ts).
  const paperMeta = createOverviewMetadata(store);
  const groupBy = options.groupBy ?? DEFAULT_GROUP_BY;
  const overview = createOverviewCache({
    summary: () => reader.summary(),
    metadata: paperMeta.read,
    groupBy,
    render: (summary, offset, rates, counts) => overviewPage(summary, shell, offset, rates, counts),
  });
  if (options.warm) {
    overview.page(0);
    reader.queue(0, QUEUE_PAGE_SIZE);
  }
  // Every category a view can show: the catalogue's, and "other" for questions outside it.
  const css = stylesheet([...new Set([...builtinQuestions().map((q) => q.category), "other"])]);
  const app = new Hono();

  app.use("*", async (c, next) => {
    await next();
    c.header("Content-Security-Policy", CSP);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Frame-Options", "DENY");
    c.header("Cache-Control", "no-store");
  });

  // Before anything else: only requests made to this server's own address.
  app.use("*", async (c, next) => {
    const host = (c.req.header("host") ?? new URL(c.req.url).host).toLowerCase();
    if (hostAllowed(host, options.allowedHosts)) return next();
    return c.json(
      {
        error:
          "Misdirected request: this server answers only at the address `methodscope serve` printed " +
          "(127.0.0.1 or localhost with its port). Open that URL.",
      },
      421,
    );
  });

  // Every route needs the token, the assets too (the page loads them with the cookie).
  app.use("*", async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") {
      const fromQuery = c.req.query("token");
      if (fromQuery !== undefined && same(fromQuery, token)) {
        setCookie(c, cookie, token, { httpOnly: true, sameSite: "Strict", path: "/" });
        const url = new URL(c.req.url);
        url.searchParams.delete("token");
        return c.redirect(sameOriginPath(url), 303);
      }
      if (same(getCookie(c, cookie), token) || same(c.req.header(TOKEN_HEADER), token)) return next();
    } else if (same(c.req.header(TOKEN_HEADER), token)) {
      return next();
    }
    return c.json(
      { error: "Forbidden: missing or wrong session token. Open the URL that `methodscope serve` printed." },
      403,
    );
  });

  app.get("/assets/app.js", (c) => c.body(clientScript(), 200, { "Content-Type": "text/javascript; charset=utf-8" }));
  app.get("/assets/app.css", (c) => c.body(css, 200, { "Content-Type": "text/css; charset=utf-8" }));
  app.get("/favicon.ico", (c) => c.body(null, 204));

  app.get("/", (c) => c.html(overview.page(parseQuery(OverviewQuerySchema, c.req.query()).papers ?? 0)));
  app.get("/values", (c) => {
    const offset = parseQuery(OverviewQuerySchema, c.req.query()).papers ?? 0;
    const summary = reader.summary();
    // The page's papers in a few queries, not several per paper.
    const shown = reader.papers(summary.papers.slice(offset, offset + VALUES_PAGE_SIZE).map((p) => p.id));
    return c.html(valuesPage(summary, (id) => shown.get(id), shell, offset));
  });
  app.get("/paper/:id", (c) => {
    const read = reader.paper(c.req.param("id"));
    if (read === undefined) throw new MethodscopeError("not-found", "No paper with that id in the store.");
    return c.html(paperPage(read, shell, paperMetadata(store, read.paper.id) ?? {}));
  });
  app.get("/paper/:id/text", (c) => {
    const { cq } = parseQuery(TextQuerySchema, c.req.query());
    const id = c.req.param("id");
    const read = reader.cell(id, cq);
    const document = read === undefined ? undefined : store.getDocument(id);
    if (read === undefined || document === undefined) {
      throw new MethodscopeError("not-found", `No answer for paper ${id.slice(0, 12)} CQ${cq} in the store.`);
    }
    return c.html(paperTextPage(read, document, shell));
  });
  app.get("/queue", (c) => {
    const offset = parseQuery(QueueQuerySchema, c.req.query()).offset ?? 0;
    return c.html(queuePage(reader.queue(offset, QUEUE_PAGE_SIZE), offset, shell));
  });

  app.get("/api/reviews", (c) => c.json(listReviews(store, parseQuery(ReviewsQuerySchema, c.req.query()))));
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
      const read = reader.cell(request.documentId, request.cq);
      if (read === undefined) {
        throw new MethodscopeError(
          "not-found",
          `No answer for paper ${request.documentId.slice(0, 12)} CQ${request.cq} in the store.`,
        );
      }
      const review = addReview(store, reviewFor(read.cell, request, reviewer), now());
      overview.reviewed(reader.reviewed(review));
      return c.json({ review, html: cardHtml(withReview(read, review), request.showPaper) }, 201);
    },
  );

  // A metadata edit from the paper page's form: only the fields that changed are stored, as a new row.
  app.post(
    "/api/metadata",
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => c.json({ error: "Request body too large (64 KiB at most)." }, 413),
    }),
    async (c) => {
      const parsed = MetadataRequestSchema.safeParse(await readJson(c));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new MethodscopeError("usage", `Invalid metadata: ${issue.path.join(".") || "body"}: ${issue.message}`);
      }
      const current = paperMetadata(store, parsed.data.documentId);
      if (current === undefined) throw new MethodscopeError("not-found", "No paper with that id in the store.");
      const fields = metadataEditFor(current, parsed.data);
      const edit =
        Object.keys(fields).length === 0
          ? null
          : addMetadataEdit(store, { documentId: parsed.data.documentId, fields, reviewer }, now());
      if (edit) paperMeta.edited();
      const metadata = paperMetadata(store, parsed.data.documentId) ?? {};
      const block = metadataBlock(parsed.data.documentId, metadata, { edit: true }).toString();
      return c.json({ edit, metadata, html: block }, edit ? 201 : 200);
    },
  );

  app.get("/export/gold.jsonl", (c) =>
    c.body(goldJsonl(goldRecords(store)), 200, {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": 'attachment; filename="gold.jsonl"',
    }),
  );
  // A download of every answer: the one route that reads the whole corpus, and only when asked.
  app.get("/export/results.jsonl", (c) => {
    const corpus = loadCorpus(store, undefined, { runs: options.runs });
    const dlSpecific = new Map(corpus.questions.map((q) => [q.cq, q.dlSpecific]));
    const lines = corpus.papers.flatMap((p) => {
      // The paper's metadata with the reviewers' edits; an edited title is the row's title.
      const metadata = paperMetadata(store, p.id);
      const paper = { id: p.id, file: p.file, title: metadata?.title ?? p.title, dl: p.dl, metadata };
      return p.cells.flatMap((cell) =>
        cell.answers.map((a) =>
          JSON.stringify(answerRow(paper, { cq: a.cq, text: a.question, dlSpecific: dlSpecific.get(a.cq) }, a)),
        ),
      );
    });
    return c.body(lines.map((l) => `${l}\n`).join(""), 200, {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": 'attachment; filename="results.jsonl"',
    });
  });

  app.notFound((c) => c.json({ error: `Not found: ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  // One error handler: a message for the user, never a stack trace.
  app.onError((error, c) => {
    if (error instanceof MethodscopeError) {
      const status = STATUS_OF[error.code] ?? 500;
      return c.json({ error: error.message }, status);
    }
    options.onInternalError?.(error);
    return c.json({ error: "Internal error; see the terminal running methodscope serve." }, 500);
  });
  return app;
}

const STATUS_OF: Partial<Record<ErrorCode, 400 | 404 | 415>> = {
  usage: 400,
  "not-found": 404,
  "unsupported-type": 415,
};

/**
 * Whether a request's Host header names this server: one of `allowed`, or without a set, a
 * loopback name on any port.
 */
export function hostAllowed(host: string, allowed: ReadonlySet<string> | undefined): boolean {
  if (allowed !== undefined) return allowed.has(host);
  return LOOPBACK_NAMES.has(host.replace(/:\d*$/, ""));
}

/**
 * The path and query of `url` as a redirect target on this origin: leading slashes and
 * backslashes collapse to one "/", so `//evil.example/` becomes `/evil.example/`, never a
 * protocol-relative URL to another host.
 */
export function sameOriginPath(url: URL): string {
  return `/${url.pathname.replace(/^[/\\]+/, "")}${url.search}`;
}

function parseQuery<T extends z.ZodTypeAny>(schema: T, query: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new MethodscopeError("usage", `Invalid query parameter ${issue.path.join(".")}: ${issue.message}.`);
}

/** The body as JSON; the content type must be exactly application/json (charset utf-8 at most). */
async function readJson(c: Context): Promise<unknown> {
  if (!isJsonContentType(c.req.header("content-type"))) {
    throw new MethodscopeError(
      "unsupported-type",
      "Send the review as JSON (Content-Type: application/json, optionally with charset=utf-8).",
    );
  }
  try {
    return await c.req.json();
  } catch {
    throw new MethodscopeError("usage", "The request body is not valid JSON.");
  }
}

/**
 * True for `application/json`, alone or with `charset=utf-8` (any case, quoted or not); false
 * for anything else, e.g. `text/plain; application/json`.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(";").map((part) => part.trim().toLowerCase());
  if (type !== "application/json") return false;
  return params.every((p) => p === "" || /^charset=(?:utf-8|"utf-8")$/.test(p));
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function same(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
