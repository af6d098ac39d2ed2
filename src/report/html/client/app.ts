/// <reference lib="dom" />
/**
 * The browser script of the report and the review UI: a module with no imports, shipped as the
 * text `tsc` compiles it to (`../client.ts` reads it). It only moves between pages and cards,
 * applies filters, and in the review UI posts decisions; the HTML it inserts comes from the
 * server, already escaped. Never imported by Node code: it runs only in a browser page.
 */

/** What a review POST sends: one decision on one (paper, CQ) card. */
interface ReviewPayload {
  op: string;
  text?: string;
  documentId?: string;
  cq?: number;
  showPaper?: boolean;
  reported?: string;
  /** The passage chosen as evidence of a "yes" (offsets into the paper's stored text). */
  evidence?: Passage;
}

/** A passage of the paper's text: what it says and where (the server checks both). */
interface Passage {
  quote: string;
  start: number;
  end: number;
}

/** What a review POST answers: the re-rendered card, or an error message. */
interface ReviewResponse {
  html?: string;
  error?: string;
}

const KEY_ACTIONS: Record<string, string> = { a: "accept", f: "flip", e: "edit", m: "note" };

const doc = document;
const body = doc.body;
const review = body.getAttribute("data-mode") === "review";
doc.documentElement.classList.add("js");

function pages(): HTMLElement[] {
  return Array.from(doc.querySelectorAll<HTMLElement>("[data-page]"));
}

function cards(): HTMLElement[] {
  return Array.from(doc.querySelectorAll<HTMLElement>("[data-page]:not([hidden]) .card"));
}

function current(): HTMLElement | null {
  return doc.querySelector<HTMLElement>(".card.current");
}

/** The element an event happened on, when it is an element (not text or the document). */
function targetElement(ev: Event): Element | null {
  return ev.target instanceof Element ? ev.target : null;
}

function setCurrent(card: HTMLElement | null | undefined, scroll: boolean): void {
  const old = current();
  if (old && old !== card) old.classList.remove("current");
  if (!card) return;
  card.classList.add("current");
  if (scroll) {
    card.scrollIntoView({ block: "center" });
    card.focus({ preventScroll: true });
  }
}

/** Single-file report: every page is a section; show the one the fragment points into. */
function route(): void {
  const el = target();
  // A paper whose page is in a compressed block: render it first, then route again.
  if (!el && body.getAttribute("data-lazy-papers") !== null) {
    const position = paperPosition(fragmentId(location.hash));
    if (position !== undefined && !loading.has(position)) {
      loading.add(position);
      void showPaper(position)
        .catch((err: unknown) => {
          console.error("methodscope: cannot open the paper", err);
          showUnavailable(fragmentId(location.hash), err);
        })
        .finally(() => {
          route();
          loading.delete(position);
        });
      return;
    }
  }
  const all = pages();
  if (all.length < 2) {
    if (el?.classList.contains("card")) setCurrent(el, true);
    return;
  }
  const page = (el ? (el.hasAttribute("data-page") ? el : el.closest<HTMLElement>("[data-page]")) : null) ?? null;
  const shown = page ?? doc.getElementById("overview") ?? all[0];
  for (const p of all) p.hidden = p !== shown;
  if (el?.classList.contains("card")) setCurrent(el, true);
  else window.scrollTo(0, 0);
}

function target(): HTMLElement | null {
  const id = fragmentId(location.hash);
  return id ? doc.getElementById(id) : null;
}

/**
 * The element id a URL fragment names. A fragment that is not valid percent-encoding (e.g.
 * "#%E0%A4%A") names no element: it gives "" rather than stopping the script with a URIError.
 */
function fragmentId(hash: string): string {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return "";
  }
}

function move(step: number): void {
  const list = cards();
  if (list.length === 0) return;
  const i = list.indexOf(current() as HTMLElement);
  const next = list[Math.max(0, Math.min(list.length - 1, i < 0 ? 0 : i + step))];
  setCurrent(next, true);
  if (next.id && pages().length > 1) history.replaceState(null, "", `#${next.id}`);
}

doc.addEventListener("click", (ev) => {
  const t = targetElement(ev);
  if (!t) return;
  const dl = t.closest("[data-set-dl]");
  if (dl) {
    body.setAttribute("data-dl", dl.getAttribute("data-set-dl") ?? "all");
    doc.querySelectorAll("[data-set-dl]").forEach((b) => {
      b.setAttribute("aria-pressed", String(b === dl));
    });
    if (heatPaged()) {
      heat.offset = 0;
      renderHeat();
    }
    return;
  }
  const step = t.closest("[data-pager-step]");
  if (step) {
    page(step, Number(step.getAttribute("data-pager-step")));
    return;
  }
  const sort = t.closest("[data-sort]");
  if (sort) {
    if (sort.closest("table[data-values-paged]")) sortValues(sort);
    else sortTable(sort);
    return;
  }
  const card = t.closest<HTMLElement>(".card");
  if (card) setCurrent(card, false);
  const act = t.closest("[data-act]");
  if (act && card && review && act.getAttribute("data-act") === "use") {
    ev.preventDefault();
    const passage = candidatePassage(act.closest("li"));
    if (passage) markReported(card, passage);
    return;
  }
  if (act && card && review) {
    ev.preventDefault();
    perform(card, act.getAttribute("data-act") ?? "");
    return;
  }
  const mark = t.closest<HTMLElement>("mark.cand");
  if (mark) {
    choose(candidatePassage(mark), mark);
    return;
  }
  if (t.closest("[data-use-selection]") && chosen) {
    const target = doc.querySelector<HTMLElement>("#paper-text .card");
    if (target) markReported(target, chosen);
  }
});

/** A candidate (a "Where we looked" item or a highlighted sentence) as a passage. */
function candidatePassage(el: Element | null): Passage | null {
  if (!el) return null;
  const start = Number(el.getAttribute("data-start"));
  const end = Number(el.getAttribute("data-end"));
  const quote = (el.matches("mark") ? el : el.querySelector(".quote"))?.textContent ?? "";
  return Number.isInteger(start) && Number.isInteger(end) && quote !== "" ? { quote, start, end } : null;
}

/** Review UI: a "no" becomes a "yes" with the passage as the review's evidence. */
function markReported(card: HTMLElement, passage: Passage): void {
  send(card, { op: "correct", reported: "yes", evidence: passage });
}

/** Text view: the passage the "Mark reported" button will send. */
let chosen: Passage | null = null;

function choose(passage: Passage | null, mark?: HTMLElement): void {
  chosen = passage;
  doc.querySelectorAll("mark.cand.on").forEach((m) => {
    m.classList.remove("on");
  });
  if (mark) mark.classList.add("on");
  const button = doc.querySelector<HTMLButtonElement>("[data-use-selection]");
  if (button) button.disabled = passage === null;
  const label = doc.querySelector("[data-chosen]");
  if (label && passage)
    label.textContent = `Chosen: “${passage.quote.length > 160 ? `${passage.quote.slice(0, 159)}…` : passage.quote}”`;
}

/** Text view: a selection inside the paper's text, as a passage (trimmed of surrounding spaces). */
function selectedPassage(): Passage | null {
  const sel = window.getSelection();
  const box = doc.querySelector("[data-paper-text]");
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !box) return null;
  const range = sel.getRangeAt(0);
  const at = (node: Node, offset: number): number | null => {
    const piece = node.nodeType === Node.TEXT_NODE ? node.parentElement : null;
    if (!piece || !box.contains(piece) || !piece.hasAttribute("data-o")) return null;
    return Number(piece.getAttribute("data-o")) + offset;
  };
  let start = at(range.startContainer, range.startOffset);
  let end = at(range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  let quote = range.toString();
  const lead = quote.length - quote.trimStart().length;
  const trail = quote.length - quote.trimEnd().length;
  quote = quote.trim();
  start += lead;
  end -= trail;
  return quote !== "" && end - start === quote.length ? { quote, start, end } : null;
}

doc.addEventListener("mouseup", (ev) => {
  if (!targetElement(ev)?.closest("[data-paper-text]")) return;
  const passage = selectedPassage();
  if (passage) choose(passage);
});

/** Text view: highlights every match of the search box's text and scrolls to the first. */
function searchText(input: HTMLInputElement): void {
  const box = doc.querySelector("[data-paper-text]");
  const count = doc.querySelector("[data-search-count]");
  if (!box) return;
  const needle = input.value.trim().toLowerCase();
  const nodes: Text[] = [];
  const walker = doc.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const ranges: Range[] = [];
  if (needle.length >= 2) {
    for (const node of nodes) {
      const text = node.data.toLowerCase();
      for (let i = text.indexOf(needle); i >= 0 && ranges.length < 1000; i = text.indexOf(needle, i + needle.length)) {
        const r = doc.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + needle.length);
        ranges.push(r);
      }
    }
  }
  // The CSS Custom Highlight API marks the matches without changing the text's elements (their offsets).
  if (typeof CSS !== "undefined" && "highlights" in CSS)
    (CSS.highlights as unknown as Map<string, Highlight>).set("search", new Highlight(...ranges));
  if (count) count.textContent = needle.length >= 2 ? `${ranges.length} match${ranges.length === 1 ? "" : "es"}` : "";
  ranges[0]?.startContainer.parentElement?.scrollIntoView({ block: "center" });
}

doc.addEventListener("change", (ev) => {
  const t = targetElement(ev);
  if (t instanceof HTMLSelectElement && t.matches("[data-set-cat]")) body.setAttribute("data-cat", t.value);
});

doc.addEventListener("input", (ev) => {
  const t = targetElement(ev);
  if (t instanceof HTMLInputElement && t.matches("[data-values-filter]")) {
    if (doc.querySelector("table[data-values-paged]")) filterValues(t);
    else filterTable(t);
  }
  if (t instanceof HTMLInputElement && t.matches("[data-text-search]")) searchText(t);
});

/**
 * Values table: sorts the rows by the clicked header's column, ascending on the first click and
 * descending on the next. Numbers sort as numbers; empty cells go last either way.
 */
function sortTable(button: Element): void {
  const th = button.closest("th");
  const table = button.closest("table");
  const rows = table?.tBodies[0];
  if (!th || !table || !rows) return;
  const column = th.cellIndex;
  const sign = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
  table.querySelectorAll("thead th").forEach((h) => {
    h.setAttribute("aria-sort", "none");
  });
  th.setAttribute("aria-sort", sign === 1 ? "ascending" : "descending");
  const text = (row: HTMLTableRowElement): string => row.cells[column]?.textContent?.trim() ?? "";
  const sorted = Array.from(rows.rows).sort((a, b) => compareCells(text(a), text(b), sign));
  rows.append(...sorted);
}

function compareCells(a: string, b: string, sign: number): number {
  if (a === b) return 0;
  if (a === "") return 1;
  if (b === "") return -1;
  const x = leadingNumber(a);
  const y = leadingNumber(b);
  if (x !== undefined && y !== undefined && x !== y) return (x - y) * sign;
  return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" }) * sign;
}

/** The number a cell starts with ("0.001; 0.01" → 0.001), when its first value is one. */
function leadingNumber(text: string): number | undefined {
  const first = text.split(";")[0].trim();
  if (!/^[-+]?\d*\.?\d+(?:e[-+]?\d+)?$/i.test(first)) return undefined;
  return Number(first);
}

/** Values table: hides the rows whose text (title and values) does not contain the filter's words. */
function filterTable(input: HTMLInputElement): void {
  const section = input.closest("[data-page]") ?? doc;
  const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
  const rows = Array.from(section.querySelectorAll<HTMLTableRowElement>("table[data-values] tbody tr"));
  let shown = 0;
  for (const row of rows) {
    const text = (row.textContent ?? "").toLowerCase();
    row.hidden = !words.every((w) => text.includes(w));
    if (!row.hidden) shown++;
  }
  const count = section.querySelector("[data-values-count]");
  if (count) count.textContent = `${shown} of ${rows.length} papers`;
}

doc.addEventListener("submit", (ev) => {
  const form = targetElement(ev)?.closest(".editor");
  if (!form) return;
  ev.preventDefault();
  const card = form.closest<HTMLElement>(".card");
  if (card) save(card);
});

doc.addEventListener("keydown", (ev) => {
  const t = targetElement(ev);
  const tag = t?.tagName ?? "";
  if (tag === "TEXTAREA" && (ev.key === "Escape" || (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)))) {
    ev.preventDefault();
    const card = t?.closest<HTMLElement>(".card");
    if (!card) return;
    if (ev.key === "Escape") closeEditor(card);
    else save(card);
    return;
  }
  if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const mark = t?.closest<HTMLElement>("mark.cand");
  if (mark && ev.key === "Enter") {
    ev.preventDefault();
    choose(candidatePassage(mark), mark);
    return;
  }
  const key = ev.key;
  if (key === "j" || key === "n") {
    ev.preventDefault();
    move(1);
  } else if (key === "k") {
    ev.preventDefault();
    move(-1);
  } else if (key === "o" && !review && pages().length > 1) {
    location.hash = "#overview";
  } else if (review && Object.hasOwn(KEY_ACTIONS, key)) {
    const c = current() ?? cards()[0];
    if (!c) return;
    ev.preventDefault();
    setCurrent(c, false);
    perform(c, KEY_ACTIONS[key]);
  }
});

/** Review UI: accept and flip post at once; edit and note open the card's text box first. */
function perform(card: HTMLElement, act: string): void {
  if (act === "cancel") {
    closeEditor(card);
    return;
  }
  if (act === "edit" || act === "note") {
    const form = card.querySelector<HTMLFormElement>(".editor");
    const box = form?.querySelector("textarea");
    if (!form || !box) return;
    form.hidden = false;
    form.setAttribute("data-op", act);
    box.placeholder = act === "edit" ? "The correct answer" : "Your note";
    const answer = card.querySelector(".ans")?.textContent ?? "";
    box.value = act === "edit" ? answer.replace(/^Machine answer: /, "") : "";
    box.focus();
    return;
  }
  send(card, { op: act });
}

function closeEditor(card: HTMLElement): void {
  const form = card.querySelector<HTMLFormElement>(".editor");
  if (form) form.hidden = true;
  card.focus({ preventScroll: true });
}

function save(card: HTMLElement): void {
  const form = card.querySelector(".editor");
  if (!form) return;
  send(card, { op: form.getAttribute("data-op") ?? "", text: form.querySelector("textarea")?.value ?? "" });
}

function send(card: HTMLElement, payload: ReviewPayload): void {
  const show = statusLine(card.querySelector(".status"));
  show("saving…", false);
  payload.documentId = card.getAttribute("data-doc") ?? "";
  payload.cq = Number(card.getAttribute("data-cq"));
  if (card.hasAttribute("data-show-paper")) payload.showPaper = true;
  postForHtml("/api/reviews", payload)
    .then(({ fresh }) => {
      if (!fresh) throw new Error("the server sent no card");
      // A first decision on this answer: one fewer still to review (the queue's live counter).
      if (!card.classList.contains("rev") && fresh.classList.contains("rev")) countDown();
      card.replaceWith(fresh);
      setCurrent(fresh, false);
      fresh.focus({ preventScroll: true });
      const saved = fresh.querySelector(".status");
      if (saved) saved.textContent = "saved";
      // Accepting is the common case: go straight on to the next answer.
      if (payload.op === "accept") move(1);
    })
    .catch((err: unknown) => show(`not saved: ${err instanceof Error ? err.message : String(err)}`, true));
}

/** A function that writes a save's progress into `status` ("saving…", "saved", an error in red). */
function statusLine(status: Element | null): (text: string, error: boolean) => void {
  return (text, error) => {
    if (!status) return;
    status.className = error ? "status err" : "status";
    status.textContent = text;
  };
}

/**
 * POSTs `payload` as JSON with the page's token and returns the HTML fragment the server sends back
 * (the updated card or block) as an element, with the response status; throws the server's error.
 */
async function postForHtml(path: string, payload: unknown): Promise<{ fresh: HTMLElement | null; status: number }> {
  const token = doc.querySelector('meta[name="ms-token"]')?.getAttribute("content") ?? "";
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-methodscope-token": token },
    body: JSON.stringify(payload),
    credentials: "same-origin",
  });
  const data = (await res.json()) as ReviewResponse;
  if (!res.ok) throw new Error(data.error || res.statusText);
  const tmp = doc.createElement("div");
  tmp.innerHTML = data.html ?? "";
  const fresh = tmp.firstElementChild;
  return { fresh: fresh instanceof HTMLElement ? fresh : null, status: res.status };
}

/** Lowers every "still to review" counter on the page by one. */
function countDown(): void {
  for (const counter of Array.from(doc.querySelectorAll<HTMLElement>("[data-open-count]"))) {
    const n = Number(counter.textContent);
    if (Number.isFinite(n) && n > 0) counter.textContent = String(n - 1);
  }
}

/** Review UI: the paper page's metadata form posts the fields as typed; the server stores what changed. */
doc.addEventListener("submit", (ev) => {
  const form = targetElement(ev)?.closest<HTMLFormElement>("form[data-metadata-form]");
  if (!form) return;
  ev.preventDefault();
  const show = statusLine(form.querySelector(".status"));
  show("saving…", false);
  const payload: Record<string, string> = { documentId: form.getAttribute("data-doc") ?? "" };
  for (const input of Array.from(form.querySelectorAll<HTMLInputElement>("input[name]")))
    payload[input.name] = input.value;
  postForHtml("/api/metadata", payload)
    .then(({ fresh, status }) => {
      const block = form.closest("[data-metadata-block]");
      if (!fresh || !block) throw new Error("the server sent no metadata block");
      block.replaceWith(fresh);
      const title = payload.title?.trim();
      const heading = fresh.closest("[data-page]")?.querySelector("h1");
      if (heading && title) heading.textContent = title;
      const saved = fresh.querySelector(".status");
      if (saved) saved.textContent = status === 201 ? "saved" : "nothing changed";
      fresh.querySelector("details")?.setAttribute("open", "");
    })
    .catch((err: unknown) => show(`not saved: ${err instanceof Error ? err.message : String(err)}`, true));
});

// The single-file report at scale: papers' pages rendered on demand from compressed blocks, and the
// heatmap and the values table paged (sorted, filtered) from compact JSON (see ../report-data.ts).

/** The heatmap's data: `[safe id, title, dl, completeness, cell codes]` per paper, in overview order. */
interface HeatIndex {
  chunk: number;
  size: number;
  q: [number, string, string][];
  p: [string, string, 0 | 1, string, string][];
}

/** The values table's data: the shown columns, and per paper `[safe id, title, cells]`. */
interface ValuesIndex {
  size: number;
  cols: [string, string, string][];
  rows: ValuesRow[];
}
type ValuesRow = [string, string, ([string, number, string] | 0)[]];

const CELL_CODES = "0123456789abcdefghijklmnopqrstuv";
const STATES = ["", "yes", "no", "na"];
const STATE_WORDS: Record<string, string> = { yes: "reported", no: "not reported", na: "not applicable" };

const indexes = new Map<string, unknown>();

/** A JSON data block of the report, parsed on first use. */
function readIndex<T>(name: string): T | undefined {
  if (!indexes.has(name)) {
    const el = doc.querySelector(`script[data-index="${name}"]`);
    indexes.set(name, el ? JSON.parse(el.textContent ?? "null") : undefined);
  }
  return indexes.get(name) as T | undefined;
}

let positions: Map<string, number> | undefined;

/** The overview position of the paper a fragment (`p-<id>`, `a-<id>-<cq>`) names. */
function paperPosition(fragment: string): number | undefined {
  const m = /^p-(.+)$/.exec(fragment) ?? /^a-(.+)-\d+$/.exec(fragment);
  const data = m ? readIndex<HeatIndex>("heat") : undefined;
  if (!m || !data) return undefined;
  positions ??= new Map(data.p.map((p, i) => [p[0], i]));
  return positions.get(m[1]);
}

/** Between two pages of a compressed block (blocks.ts' PAGE_BREAK). */
const PAGE_BREAK = "<!--page-->";

/** Papers being opened (a fragment that names none still routes to the overview). */
const loading = new Set<number>();
/** The last block inflated: the next and previous papers are usually in it. */
let lastBlock: { index: number; pages: string[] } | undefined;

/** Puts the page of the paper at `position` into the document (the only such page kept there). */
async function showPaper(position: number): Promise<void> {
  const data = readIndex<HeatIndex>("heat");
  if (!data || data.chunk < 1) return;
  const index = Math.floor(position / data.chunk);
  if (lastBlock?.index !== index) {
    const packed = await packedBlock(index);
    if (packed === undefined) return;
    lastBlock = { index, pages: (await inflate(packed)).split(PAGE_BREAK) };
  }
  const page = lastBlock.pages[position % data.chunk];
  const paper = data.p[position];
  if (!page || !paper) return;
  for (const old of Array.from(doc.querySelectorAll("[data-lazy-page]"))) old.remove();
  const holder = doc.createElement("div");
  holder.setAttribute("data-lazy-page", "");
  // Markup the report's writer rendered, every value escaped there (as the plain pages are), with
  // the text its cards share put back in place of the tokens.
  holder.innerHTML = expandTokens(page, paper[0], readIndex<string[]>("shared") ?? []);
  doc.querySelector("main")?.append(holder);
}

/** In place of a paper's page that could not be opened (a block file missing): why, as a page. */
function showUnavailable(fragment: string, err: unknown): void {
  for (const old of Array.from(doc.querySelectorAll("[data-lazy-page]"))) old.remove();
  const section = doc.createElement("section");
  section.className = "page";
  section.id = fragment;
  section.setAttribute("data-page", "");
  section.setAttribute("data-lazy-page", "");
  const text = doc.createElement("p");
  text.textContent = `This paper's page could not be opened. ${err instanceof Error ? err.message : String(err)}`;
  section.append(text);
  doc.querySelector("main")?.append(section);
}

/**
 * The compressed block `index`: from its JSON element in this file, or, for a report whose blocks are
 * files in a folder beside it (`data-block-files`), from that file, added as a script (reading a file
 * is refused from disk; a script is not).
 */
function packedBlock(index: number): Promise<string | undefined> {
  const el = doc.querySelector(`script[data-chunk="${index}"]`);
  const folder = body.getAttribute("data-block-files");
  if (el || folder === null) return Promise.resolve(el?.textContent ?? undefined);
  return new Promise((resolve, reject) => {
    const script = doc.createElement("script");
    script.src = `${folder}${index}.js`;
    const done = (error?: Error) => {
      script.remove();
      const text = fileBlocks.get(index);
      fileBlocks.delete(index);
      if (text !== undefined) resolve(text);
      else reject(error ?? new Error(`${script.src} holds no block ${index}`));
    };
    script.onload = () => done();
    script.onerror = () => done(new Error(`cannot read ${script.src}: is the folder ${folder} beside the report?`));
    doc.head.append(script);
  });
}

/** Blocks handed over by block files, until `packedBlock` takes them. */
const fileBlocks = new Map<number, string>();
// What a block file calls (report.ts, BlockFiles): the only global this script defines.
(globalThis as { methodscopeBlock?: (index: number, packed: string) => void }).methodscopeBlock = (index, packed) => {
  if (Number.isInteger(index) && typeof packed === "string") fileBlocks.set(index, packed);
};

/**
 * A block's page with its tokens replaced (shared-text.ts): `<@p>` by the paper's id, `<@N>` by
 * entry N of the report's shared text (escaped markup already).
 */
function expandTokens(page: string, paperId: string, shared: string[]): string {
  return page.replace(/<@(p|\d+)>/g, (_, name: string) => (name === "p" ? paperId : (shared[Number(name)] ?? "")));
}

/** base64 of gzip → text, with the browser's own DecompressionStream. */
async function inflate(base64: string): Promise<string> {
  const text = atob(base64.trim());
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

const heat = { offset: 0 };
const vals = { offset: 0, column: -1, sign: 1, words: [] as string[] };

function heatPaged(): boolean {
  return doc.querySelector("#overview [data-pager]") !== null && readIndex<HeatIndex>("heat") !== undefined;
}

/** A pager button: the next or previous page of its section's table. */
function page(button: Element, step: number): void {
  if (button.closest("#values")) {
    vals.offset += step * (readIndex<ValuesIndex>("values")?.size ?? 100);
    renderValuesPage();
  } else {
    heat.offset += step * (readIndex<HeatIndex>("heat")?.size ?? 100);
    renderHeat();
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  if (text !== undefined) el.textContent = text;
  return el;
}

function anchor(href: string, text: string, title?: string): HTMLAnchorElement {
  const a = element("a", text);
  a.setAttribute("href", href);
  if (title !== undefined) a.title = title;
  return a;
}

/** The heatmap's current page: the papers the "Papers" filter keeps, `size` from `heat.offset`. */
function renderHeat(): void {
  const data = readIndex<HeatIndex>("heat");
  const table = doc.querySelector<HTMLTableElement>("table.heat");
  if (!data || !table) return;
  const dl = body.getAttribute("data-dl");
  const rows =
    dl === "dl" ? data.p.filter((p) => p[2] === 1) : dl === "nondl" ? data.p.filter((p) => p[2] === 0) : data.p;
  heat.offset = clampOffset(heat.offset, data.size, rows.length);
  table.tBodies[0]?.replaceChildren(...rows.slice(heat.offset, heat.offset + data.size).map((r) => heatRow(data, r)));
  setPagers(doc.getElementById("overview"), heat.offset, data.size, rows.length);
}

function heatRow(data: HeatIndex, [id, title, dl, share, codes]: HeatIndex["p"][number]): HTMLTableRowElement {
  const tr = element("tr");
  tr.setAttribute("data-dl", String(dl));
  tr.setAttribute("data-paper", id);
  const th = element("th");
  th.className = "paper";
  th.scope = "row";
  th.title = title;
  th.append(anchor(`#p-${id}`, title));
  const pct = element("td", share);
  pct.className = "pct";
  tr.append(th, pct);
  data.q.forEach(([cq, label, category], k) => {
    const td = element("td");
    td.className = "c";
    td.setAttribute("data-cat", category);
    const code = CELL_CODES.indexOf(codes[k] ?? " ");
    if (code > 0) {
      const state = STATES[code & 3];
      const low = (code & 4) !== 0;
      const classes = ["cell", state, low ? "low" : "", code & 8 ? "dis" : "", code & 16 ? "rev" : ""];
      const tip = `${title} · CQ${cq} ${label}: ${STATE_WORDS[state]}${low ? ", low confidence" : ""}${code & 16 ? " (reviewed)" : ""}`;
      const a = anchor(`#a-${id}-${cq}`, "", tip);
      a.className = classes.filter(Boolean).join(" ");
      a.setAttribute("aria-label", tip);
      a.setAttribute("data-cq", String(cq));
      a.setAttribute("data-state", state);
      td.append(a);
    }
    tr.append(td);
  });
  return tr;
}

function clampOffset(offset: number, size: number, total: number): number {
  const last = total === 0 ? 0 : Math.floor((total - 1) / size) * size;
  return Math.max(0, Math.min(offset, last));
}

/** "Papers 101–200 of 5000" and the buttons' states, on every pager of `section`. */
function setPagers(section: Element | null, offset: number, size: number, total: number): void {
  if (!section) return;
  const to = Math.min(offset + size, total);
  for (const pager of Array.from(section.querySelectorAll("[data-pager]"))) {
    const text = pager.querySelector("[data-pager-text]");
    if (text) text.textContent = total === 0 ? "No papers" : `Papers ${offset + 1}–${to} of ${total}`;
    const prev = pager.querySelector<HTMLButtonElement>('[data-pager-step="-1"]');
    const next = pager.querySelector<HTMLButtonElement>('[data-pager-step="1"]');
    if (prev) prev.disabled = offset === 0;
    if (next) next.disabled = to >= total;
  }
}

/** The text a values row shows in `column` (0: the title), as the sort compares it. */
function valueText(row: ValuesRow, column: number): string {
  if (column === 0) return row[1];
  const cell = row[2][column - 1];
  return cell ? cell[0] : "";
}

/** Paged values table: sorts every row (not only the page) by the clicked header's column. */
function sortValues(button: Element): void {
  const th = button.closest("th");
  const table = button.closest("table");
  if (!th || !table) return;
  vals.sign = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
  vals.column = th.cellIndex;
  table.querySelectorAll("thead th").forEach((h) => {
    h.setAttribute("aria-sort", "none");
  });
  th.setAttribute("aria-sort", vals.sign === 1 ? "ascending" : "descending");
  vals.offset = 0;
  renderValuesPage();
}

/** Paged values table: keeps the rows whose title and values contain every word typed. */
function filterValues(input: HTMLInputElement): void {
  vals.words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
  vals.offset = 0;
  renderValuesPage();
}

function renderValuesPage(): void {
  const data = readIndex<ValuesIndex>("values");
  const table = doc.querySelector<HTMLTableElement>("table[data-values-paged]");
  if (!data || !table) return;
  const { words, column, sign } = vals;
  let rows = data.rows;
  if (words.length > 0) {
    rows = rows.filter((r) => {
      const text = `${r[1]} ${r[2].map((c) => (c ? c[0] : "")).join(" ")}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }
  if (column >= 0) rows = [...rows].sort((a, b) => compareCells(valueText(a, column), valueText(b, column), sign));
  vals.offset = clampOffset(vals.offset, data.size, rows.length);
  table.tBodies[0]?.replaceChildren(...rows.slice(vals.offset, vals.offset + data.size).map((r) => valueRow(data, r)));
  const count = doc.querySelector("#values [data-values-count]");
  if (count) count.textContent = `${rows.length} of ${data.rows.length} papers`;
  setPagers(doc.getElementById("values"), vals.offset, data.size, rows.length);
}

function valueRow(data: ValuesIndex, [id, title, cells]: ValuesRow): HTMLTableRowElement {
  const tr = element("tr");
  tr.setAttribute("data-paper", id);
  const th = element("th");
  th.scope = "row";
  th.className = "paper";
  th.title = title;
  th.append(anchor(`#p-${id}`, title));
  tr.append(th);
  cells.forEach((cell, k) => {
    const td = element("td");
    td.setAttribute("data-col", data.cols[k]?.[0] ?? "");
    if (cell)
      td.append(anchor(`#a-${id}-${cell[1]}`, cell[0], cell[2] ? `CQ${cell[1]}: “${cell[2]}”` : `CQ${cell[1]}`));
    tr.append(td);
  });
  return tr;
}

window.addEventListener("hashchange", route);
route();
// Text view: start at the engine's first candidate sentence.
doc.querySelector("[data-paper-text] mark.cand")?.scrollIntoView({ block: "center" });
