/**
 * A cheap test run before a regular expression: the literal words any match of the pattern must
 * contain, read from the pattern's source once, and one pass over each sentence that records which
 * short letter sequences it holds. A pattern whose required words are all absent cannot match, so it
 * is never run; a pattern the reader cannot bound (a backreference, `\w+` alone) always runs. The test
 * only ever skips patterns that would not match: answers do not change.
 *
 * Reading every pattern of the catalogue and of the deep-learning filter takes ~0.1 s in each fresh
 * thread, so the words of the shipped patterns are read ahead of time into `gate-words.json`
 * (`npm run gates`, see gate-table.ts; a test checks that it equals a fresh reading). A pattern it
 * does not hold (a user's question file) is read here, once per process.
 */
import shippedGateWords from "./gate-words.json" with { type: "json" };

/**
 * Lower-case strings of which every match contains at least one, with the character-gram bits of
 * each (precomputed for the sentence test); undefined when nothing is required.
 */
export type Gate = { readonly words: readonly string[]; readonly grams: readonly Int32Array[] } | undefined;

/** One sentence prepared for gates: its lower-case text and the hashed pairs and triples of its characters. */
export interface SentenceKeys {
  lower: string;
  bits: Uint32Array;
}

// Bits of the sentence's character-gram set (4,096): few false positives for sentences of a few
// hundred characters; a run-on sentence sets most bits and then the exact `includes` decides.
const BITS = 12;
const WORDS = 1 << (BITS - 5);

/**
 * Prepares a sentence for {@link gateAllows}: one pass over its lower-cased text.
 *
 * @example gateAllows(gateOf(["adam"]), sentenceKeys("We used Adam.")) // true
 */
export function sentenceKeys(text: string): SentenceKeys {
  let lower = text.toLowerCase();
  // Under the `iu` flags "s" also matches the long s (ſ), which lower-casing keeps as it is.
  if (lower.includes("ſ")) lower = lower.replaceAll("ſ", "s");
  const bits = new Uint32Array(WORDS);
  for (let i = 0; i + 1 < lower.length; i++) {
    const a = lower.charCodeAt(i);
    const b = lower.charCodeAt(i + 1);
    setBit(bits, pairHash(a, b));
    if (i + 2 < lower.length) setBit(bits, tripleHash(a, b, lower.charCodeAt(i + 2)));
  }
  return { lower, bits };
}

/** True when the sentence may hold a match: it contains one of the gate's strings (or there is no gate). */
export function gateAllows(gate: Gate, keys: SentenceKeys): boolean {
  if (gate === undefined) return true;
  const { bits } = keys;
  for (let w = 0; w < gate.grams.length; w++) {
    const grams = gate.grams[w];
    let all = true;
    for (let i = 0; i < grams.length; i++) {
      const h = grams[i];
      if ((bits[h >>> 5] & (1 << (h & 31))) === 0) {
        all = false;
        break;
      }
    }
    if (all && keys.lower.includes(gate.words[w])) return true;
  }
  return false;
}

/** A gate for these words (lower case, two characters or more). */
export function gateOf(words: readonly string[]): NonNullable<Gate> {
  return { words, grams: words.map(gramsOf) };
}

// The bits a sentence holding the word has set: its pair when two characters long, else its triples.
function gramsOf(word: string): Int32Array {
  if (word.length === 2) return Int32Array.of(pairHash(word.charCodeAt(0), word.charCodeAt(1)));
  const out = new Int32Array(word.length - 2);
  for (let i = 0; i + 2 < word.length; i++)
    out[i] = tripleHash(word.charCodeAt(i), word.charCodeAt(i + 1), word.charCodeAt(i + 2));
  return out;
}

const pairHash = (a: number, b: number) => (Math.imul(a * 131 + b, 0x9e3779b1) >>> (32 - BITS)) ^ 1;
const tripleHash = (a: number, b: number, c: number) => Math.imul((a * 131 + b) * 131 + c, 0x85ebca77) >>> (32 - BITS);
const setBit = (bits: Uint32Array, h: number) => {
  bits[h >>> 5] |= 1 << (h & 31);
};

// What the reader knows of a piece of pattern: every string it can match (when few and known), and
// a set of strings of which every match contains one (undefined: no constraint).
interface Info {
  exact?: Set<string>;
  factors?: Set<string>;
}

const MAX_EXACT = 16;
const MAX_LENGTH = 40;
const ANY: Info = {};
const EMPTY: Info = { exact: new Set([""]) };

/**
 * The gate of a regular expression: lower-case literal strings of which every match contains one,
 * read from its source. Undefined when the pattern has no such strings (or uses syntax the reader
 * does not follow): the pattern then always runs.
 *
 * @example regexGate(/\bdeep[- ]learning\b/i)?.words // ["deep-learning", "deep learning"]
 */
export function regexGate(re: RegExp): Gate {
  const key = gateKey(re);
  const known = gates.get(key);
  if (known) return known.gate;
  const shipped = SHIPPED_WORDS.get(key);
  const gate = shipped === undefined ? readGate(re) : shipped === null ? undefined : gateOf(shipped);
  gates.set(key, { gate });
  return gate;
}

/**
 * What a gate depends on: the pattern's source and the flags its reader looks at (u and v), so the
 * same pattern under `g`, `i` or none shares one gate.
 * @example gateKey(/adam/gi) === gateKey(/adam/) // true
 */
export function gateKey(re: RegExp): string {
  return `${re.flags.includes("u") ? "u" : ""}${re.flags.includes("v") ? "v" : ""}/${re.source}`;
}

/** The gate words of `gate-words.json` by {@link gateKey}; null: the pattern has no gate. */
const SHIPPED_WORDS: ReadonlyMap<string, readonly string[] | null> = new Map(
  Object.entries(shippedGateWords as Record<string, string[] | null>),
);

// Gates read in this process, by gateKey (a pattern is read once however many questions use it).
const gates = new Map<string, { gate: Gate }>();

/**
 * {@link regexGate} read from the pattern's source now, without the shipped table or the cache: what
 * `gate-words.json` is made from and checked against.
 */
export function readGate(re: RegExp): Gate {
  // The v flag's class syntax (nested classes, set operations) is not read: such patterns always run.
  if (re.flags.includes("v")) return undefined;
  try {
    const parser = new Parser(re.source, re.flags.includes("u"));
    const info = parser.alternation();
    if (!parser.done()) return undefined;
    const set = required(info);
    return set ? gateOf([...set]) : undefined;
  } catch {
    return undefined;
  }
}

/** The best required set of a piece: its exact strings or its factors, whichever tests better. */
function required(info: Info): Set<string> | undefined {
  const candidates = [info.exact, info.factors].filter((s): s is Set<string> => s !== undefined && usable(s));
  if (candidates.length === 0) return undefined;
  return minimal(candidates.reduce((a, b) => (rank(b) > rank(a) ? b : a)));
}

const usable = (s: Set<string>) => s.size > 0 && [...s].every((w) => w.length >= 2);

// Longer words are rarer and cheaper to reject; fewer words are fewer tests.
function rank(s: Set<string>): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (const w of s) shortest = Math.min(shortest, w.length);
  return Math.min(shortest, 8) * 100 - s.size;
}

// A word that contains another of the set adds nothing: the shorter one is present whenever it is.
function minimal(s: Set<string>): Set<string> {
  const words = [...s].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const w of words) if (!kept.some((k) => w.includes(k))) kept.push(w);
  return new Set(kept);
}

function concat(items: Info[]): Info {
  let run = new Set<string>([""]);
  let best: Set<string> | undefined;
  let whole = true;
  const offer = (s: Set<string> | undefined) => {
    if (s && usable(s) && (!best || rank(minimal(s)) > rank(best))) best = minimal(s);
  };
  for (const item of items) {
    const product: Set<string> | undefined = item.exact ? cross(run, item.exact) : undefined;
    if (product) {
      run = product;
      continue;
    }
    whole = false;
    offer(run);
    offer(item.factors);
    run = item.exact ? new Set(item.exact) : new Set([""]);
    offer(item.exact);
  }
  offer(run);
  if (whole) return { exact: run, factors: best };
  return { factors: best };
}

function cross(a: Set<string>, b: Set<string>): Set<string> | undefined {
  if (a.size * b.size > MAX_EXACT) return undefined;
  const out = new Set<string>();
  for (const x of a)
    for (const y of b) {
      if (x.length + y.length > MAX_LENGTH) return undefined;
      out.add(x + y);
    }
  return out;
}

function alternation(branches: Info[]): Info {
  const exact = new Set<string>();
  let exactKnown = true;
  for (const b of branches) {
    if (!b.exact) exactKnown = false;
    else for (const w of b.exact) exact.add(w);
  }
  let factors: Set<string> | undefined = new Set<string>();
  for (const b of branches) {
    const r = required(b);
    if (!r) {
      factors = undefined;
      break;
    }
    for (const w of r) factors.add(w);
  }
  return {
    exact: exactKnown && exact.size <= MAX_EXACT ? exact : undefined,
    factors: factors ? minimal(factors) : undefined,
  };
}

function repeat(info: Info, min: number, max: number): Info {
  if (min === 0) {
    if (max === 1 && info.exact && info.exact.size < MAX_EXACT) return { exact: new Set(["", ...info.exact]) };
    return EMPTY_OR_ANY;
  }
  if (min === 1 && max === 1) return info;
  return { factors: required(info) };
}

// Matches the empty string among others: constrains nothing.
const EMPTY_OR_ANY: Info = {};

/** A recursive-descent reader of JavaScript pattern syntax, just deep enough to find literals. */
class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly unicode: boolean,
  ) {}

  done(): boolean {
    return this.i >= this.src.length;
  }

  alternation(): Info {
    const branches = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : alternation(branches);
  }

  private sequence(): Info {
    const items: Info[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return concat(items);
  }

  private quantified(atom: Info): Info {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === "*") [min, max] = [0, Number.POSITIVE_INFINITY];
    else if (c === "+") [min, max] = [1, Number.POSITIVE_INFINITY];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) {
        if (this.unicode) throw new Error("bad quantifier");
        return atom;
      }
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.src[this.i] === "?") this.i++;
    return repeat(atom, min, max);
  }

  private atom(): Info {
    const c = this.src[this.i++];
    if (c === "(") return this.group();
    if (c === "[") return this.charClass();
    if (c === "\\") return this.escape();
    if (c === "^" || c === "$") return EMPTY;
    if (c === ".") return ANY;
    if (c === ")" || c === "*" || c === "+" || c === "?") throw new Error("unexpected");
    return literal(c);
  }

  private group(): Info {
    let lookaround = false;
    if (this.src.startsWith("?:", this.i)) this.i += 2;
    else if (this.src.startsWith("?=", this.i) || this.src.startsWith("?!", this.i)) {
      this.i += 2;
      lookaround = true;
    } else if (this.src.startsWith("?<=", this.i) || this.src.startsWith("?<!", this.i)) {
      this.i += 3;
      lookaround = true;
    } else if (this.src.startsWith("?<", this.i)) {
      const close = this.src.indexOf(">", this.i);
      if (close < 0) throw new Error("bad group name");
      this.i = close + 1;
    } else if (this.src[this.i] === "?") throw new Error("unknown group");
    const inner = this.alternation();
    if (this.src[this.i] !== ")") throw new Error("unclosed group");
    this.i++;
    // A lookaround consumes nothing, and a negative one requires nothing.
    return lookaround ? EMPTY : inner;
  }

  private escape(): Info {
    const c = this.src[this.i++];
    if (c === undefined) throw new Error("trailing backslash");
    if (c === "b" || c === "B") return EMPTY;
    if (/[dDwWsS]/.test(c)) return ANY;
    if (c === "p" || c === "P") {
      if (this.src[this.i] === "{") this.i = this.src.indexOf("}", this.i) + 1;
      return ANY;
    }
    if (/[1-9]/.test(c) || c === "k") throw new Error("backreference");
    if (c === "u" || c === "x" || c === "c" || c === "0") {
      // A code point: skip it; the reader only keeps ASCII letters it can see.
      if (c === "u" && this.src[this.i] === "{") this.i = this.src.indexOf("}", this.i) + 1;
      else if (c === "u") this.i += 4;
      else if (c === "x") this.i += 2;
      else if (c === "c") this.i += 1;
      return ANY;
    }
    if (/[nrtfv]/.test(c)) return ANY;
    return literal(c);
  }

  private charClass(): Info {
    const negated = this.src[this.i] === "^";
    if (negated) this.i++;
    const chars = new Set<string>();
    let known = !negated;
    while (this.i < this.src.length && this.src[this.i] !== "]") {
      let c = this.src[this.i++];
      if (c === "\\") {
        const e = this.src[this.i++];
        if (e === "p" || e === "P") {
          if (this.src[this.i] === "{") this.i = this.src.indexOf("}", this.i) + 1;
          known = false;
          continue;
        }
        if (/[dDwWsSbBnrtfvux0c]/.test(e)) {
          known = false;
          if (e === "u" && this.src[this.i] === "{") this.i = this.src.indexOf("}", this.i) + 1;
          else if (e === "u") this.i += 4;
          else if (e === "x") this.i += 2;
          else if (e === "c") this.i += 1;
          continue;
        }
        c = e;
      }
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && this.i + 1 < this.src.length) {
        this.i++;
        let to = this.src[this.i++];
        if (to === "\\") {
          to = this.src[this.i++];
          if (!/[\]\\\-^./]/.test(to)) {
            known = false;
            continue;
          }
        }
        const a = c.charCodeAt(0);
        const b = to.charCodeAt(0);
        if (b - a > 8) known = false;
        else for (let x = a; x <= b; x++) addChar(chars, String.fromCharCode(x));
        continue;
      }
      addChar(chars, c);
    }
    if (this.src[this.i] !== "]") throw new Error("unclosed class");
    this.i++;
    if (!known || chars.size === 0 || chars.has("\u0000")) return ANY;
    return { exact: chars };
  }
}

// Kept as literal: ASCII characters (lower-casing them is the same wherever they stand, and under the
// i flag they match only themselves and their other case, plus ſ and K: see sentenceKeys) and
// characters without case that are no letter ("²", "×"). Any other character is an unknown one.
function addChar(chars: Set<string>, c: string): void {
  chars.add(plain(c) ? c.toLowerCase() : "\u0000");
}

function literal(c: string): Info {
  return plain(c) ? { exact: new Set([c.toLowerCase()]) } : ANY;
}

function plain(c: string): boolean {
  const code = c.charCodeAt(0);
  if (c.length !== 1 || code === 0) return false;
  if (code < 128) return true;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return c.toLowerCase() === c && c.toUpperCase() === c && !/[\p{L}\p{M}]/u.test(c);
}
