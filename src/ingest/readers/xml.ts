/**
 * A small, forgiving XML reader for the structured paper formats (JATS, TEI): elements with their
 * attributes and children in document order, text with entities decoded. No DTDs are fetched or
 * expanded (the internal subset is skipped), so nothing outside the file is ever read and no
 * entity can blow up. Mismatched end tags are tolerated (publishers' XML is not always clean); an
 * unterminated tag, comment or CDATA section is an error.
 */
import { MethodscopeError } from "../../errors.js";

/** One element: its qualified name as written ("xlink:href" stays "xlink:href"), attributes, children. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

/** A child of an element: an element or a run of decoded text. */
export type XmlNode = XmlElement | string;

const NAMED: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  times: "×",
  plusmn: "±",
  deg: "°",
  micro: "µ",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
};

/**
 * Decodes character and the common named entity references; unknown names stay as written.
 * @example decodeEntities("a &amp; b &#x3B1;") // "a & b α"
 */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z][\w.-]*);/g, (whole, ref: string) => {
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

/** The name without its namespace prefix: "tei:div" → "div". */
export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Deepest element nesting accepted: real papers nest a few dozen levels; more is an attack on the stack. */
export const MAX_XML_DEPTH = 500;

/**
 * An XML file's bytes as text: a UTF-16 byte order mark or the declared encoding
 * (`<?xml … encoding="ISO-8859-1"?>`) decides; UTF-8 otherwise, and for labels the platform
 * does not know.
 * @example decodeXml(new TextEncoder().encode("<a/>")) // "<a/>"
 */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const declared = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    head,
  )?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared && !/^utf-?16/i.test(declared) ? declared : "utf-8");
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(bytes);
}

function malformed(what: string, at: number): MethodscopeError {
  return new MethodscopeError("unsupported-type", `not well-formed XML: ${what} at character ${at}`);
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    attrs[match[1] as string] = decodeEntities(match[2] ?? match[3] ?? "");
  }
  return attrs;
}

/** Index of the `>` closing a tag that starts at `from`, skipping `>` inside quoted values. */
function tagEnd(text: string, from: number): number {
  let quote = "";
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
  }
  return -1;
}

/** Index just past a `<!DOCTYPE …>` declaration, internal subset included. */
function doctypeEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === ">" && depth <= 0) return i + 1;
  }
  return -1;
}

/**
 * Parses a document into its root element.
 * Throws `MethodscopeError` ("unsupported-type") when there is no root element or a construct is not closed.
 * @example parseXml('<a x="1">hi <b/></a>') // { name: "a", attrs: { x: "1" }, children: ["hi ", { name: "b", … }] }
 */
export function parseXml(source: string): XmlElement {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const top: XmlElement = { name: "#document", attrs: {}, children: [] };
  const stack: XmlElement[] = [top];
  let i = 0;
  const addText = (raw: string) => {
    if (raw === "") return;
    const parent = stack[stack.length - 1] as XmlElement;
    if (parent === top) return;
    const last = parent.children[parent.children.length - 1];
    if (typeof last === "string") parent.children[parent.children.length - 1] = last + raw;
    else parent.children.push(raw);
  };
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt < 0) {
      addText(decodeEntities(text.slice(i)));
      break;
    }
    addText(decodeEntities(text.slice(i, lt)));
    if (text.startsWith("<!--", lt)) {
      const end = text.indexOf("-->", lt + 4);
      if (end < 0) throw malformed("an unterminated comment", lt);
      i = end + 3;
    } else if (text.startsWith("<![CDATA[", lt)) {
      const end = text.indexOf("]]>", lt + 9);
      if (end < 0) throw malformed("an unterminated CDATA section", lt);
      addText(text.slice(lt + 9, end));
      i = end + 3;
    } else if (text.startsWith("<?", lt)) {
      const end = text.indexOf("?>", lt + 2);
      if (end < 0) throw malformed("an unterminated processing instruction", lt);
      i = end + 2;
    } else if (text.startsWith("<!", lt)) {
      const end = doctypeEnd(text, lt + 2);
      if (end < 0) throw malformed("an unterminated declaration", lt);
      i = end;
    } else if (text[lt + 1] === "/") {
      const end = text.indexOf(">", lt);
      if (end < 0) throw malformed("an unterminated end tag", lt);
      const name = text.slice(lt + 2, end).trim();
      // Close up to the matching open element; a stray end tag is ignored.
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at > 0) stack.length = at;
      i = end + 1;
    } else {
      const end = tagEnd(text, lt + 1);
      if (end < 0) throw malformed("an unterminated tag", lt);
      const body = text.slice(lt + 1, end);
      const selfClosing = body.endsWith("/");
      const inner = selfClosing ? body.slice(0, -1) : body;
      const name = /^[^\s/>]+/.exec(inner)?.[0];
      if (!name) throw malformed("a tag without a name", lt);
      const element: XmlElement = { name, attrs: parseAttributes(inner.slice(name.length)), children: [] };
      (stack[stack.length - 1] as XmlElement).children.push(element);
      if (!selfClosing) stack.push(element);
      if (stack.length > MAX_XML_DEPTH + 1) throw malformed(`elements nested more than ${MAX_XML_DEPTH} deep`, lt);
      i = end + 1;
    }
  }
  const root = top.children.find((c): c is XmlElement => typeof c !== "string");
  if (!root) throw malformed("no root element", 0);
  return root;
}

/** Child elements, optionally only those with this local name. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter(
    (c): c is XmlElement => typeof c !== "string" && (name === undefined || localName(c.name) === name),
  );
}

/** The first child element with this local name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element ? childElements(element, name)[0] : undefined;
}

/** Every descendant element with this local name, in document order (not below a match). */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of childElements(element)) {
    if (localName(c.name) === name) out.push(c);
    else out.push(...descendants(c, name));
  }
  return out;
}

/** All text below an element, whitespace runs collapsed to one space. */
export function textOf(element: XmlElement | undefined): string {
  if (!element) return "";
  const parts: string[] = [];
  const visit = (node: XmlNode) => {
    if (typeof node === "string") parts.push(node);
    else for (const c of node.children) visit(c);
  };
  visit(element);
  return collapse(parts.join(""));
}

/** Whitespace runs (line ends included) as one space, trimmed. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** An attribute by local name ("href" finds "xlink:href"). */
export function attr(element: XmlElement, name: string): string | undefined {
  if (element.attrs[name] !== undefined) return element.attrs[name];
  for (const [key, value] of Object.entries(element.attrs)) if (localName(key) === name) return value;
  return undefined;
}
