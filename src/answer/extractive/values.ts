/**
 * Value extractors for facts that vocabularies cannot list: hyperparameter numbers, split ratios,
 * repository links and seeds. Each returns normalised values plus the offsets (within the sentence)
 * of what it matched, so the caller can check negation and quote tightly.
 */

/** What one extractor found in one sentence. */
export interface ValueHit {
  key: string;
  value: unknown;
  from: number;
  to: number;
}

export type ValueExtractor = (sentence: string) => ValueHit[];

const NUM =
  "(?<num>\\d+(?:\\.\\d+)?(?:\\s?[eE]\\s?[-−–]?\\s?\\d+)?|\\d+(?:\\.\\d+)?\\s?[×x]\\s?10\\s?[-−–]\\s?\\d+|\\d+\\s?[-−–]\\s?\\d+)";

/** Parses a number as written ("10e-5", "1 × 10-4", "0.001"); undefined when not numeric. */
export function parseNumber(written: string): number | undefined {
  const s = written.replace(/\s/g, "").replace(/[−–]/g, "-");
  const times = /^(\d+(?:\.\d+)?)[×x]10(-?\d+)$/.exec(s);
  if (times) return Number(`${times[1]}e${times[2]}`);
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

function numberAfter(sentence: string, label: RegExp, key: string, textKey?: string, max = 60): ValueHit[] {
  const out: ValueHit[] = [];
  // The gap between label and number may not run into another setting's name.
  const gap = `(?:(?!learning|epoch|batch|dropout|decay|momentum|iteration)[^.;\\d]){0,${max}}?`;
  const re = new RegExp(`${label.source}${gap}(?:of|=|:|was|were|is|to|at|as|set|with)?\\s*${NUM}`, "gi");
  for (const m of sentence.matchAll(re)) {
    const written = (m.groups?.num ?? "").trim();
    if (!written) continue;
    if (/^\d+\s?[-−–]\s?\d+$/.test(written) && !/e/i.test(written)) {
      // "32-64" is a range; keep its text only.
      out.push({ key, value: written, from: m.index ?? 0, to: (m.index ?? 0) + m[0].length });
      continue;
    }
    const value = parseNumber(written);
    if (value === undefined) continue;
    out.push({ key, value, from: m.index ?? 0, to: (m.index ?? 0) + m[0].length });
    if (textKey)
      out.push({
        key: textKey,
        value: written.replace(/\s/g, ""),
        from: m.index ?? 0,
        to: (m.index ?? 0) + m[0].length,
      });
  }
  return out;
}

function numberBefore(sentence: string, label: RegExp, key: string): ValueHit[] {
  const out: ValueHit[] = [];
  const re = new RegExp(`\\b(\\d{1,6})\\s+(?:training\\s+)?${label.source}`, "gi");
  for (const m of sentence.matchAll(re))
    out.push({ key, value: Number(m[1]), from: m.index ?? 0, to: (m.index ?? 0) + m[0].length });
  return out;
}

const HYPER_HINT = /learning|epoch|batch|dropout|decay|L2|momentum|iteration|step/i;

/** Learning rate, epochs, batch size, dropout, weight decay and momentum values. */
export const hyperparameters: ValueExtractor = (s) => (HYPER_HINT.test(s) ? hyperparameterHits(s) : []);

const hyperparameterHits: ValueExtractor = (s) =>
  [
    ...numberAfter(
      s,
      /\b(?:initial |base |maximum )?learning[- ]rates?\b(?: \(lr\))?/,
      "learning_rate",
      "learning_rate_text",
    ),
    ...numberBefore(s, /epochs?\b/, "epochs"),
    ...numberAfter(s, /\b(?:number of |training |maximum )?epochs?\b/, "epochs", undefined, 30),
    ...numberAfter(s, /\b(?:mini-?)?batch[- ]sizes?\b/, "batch_size", undefined, 30),
    ...numberAfter(s, /\bdropout(?: rate| ratio| probability| layers?)?\b/, "dropout", undefined, 30),
    ...numberAfter(
      s,
      /\bweight[- ]decay\b|\bL2 (?:penalty|regulari[sz]ation)\b/,
      "weight_decay",
      "weight_decay_text",
      30,
    ),
    ...numberAfter(s, /\bmomentum\b/, "momentum", undefined, 20),
    ...numberAfter(s, /\b(?:number of )?(?:iterations|steps)\b/, "iterations", undefined, 20),
  ].filter((h) => !(h.key === "epochs" && typeof h.value === "number" && (h.value > 100000 || h.value < 1)));

const RATIO = /\b(\d{1,2}(?:\.\d)?)\s?[:/]\s?(\d{1,2}(?:\.\d)?)(?:\s?[:/]\s?(\d{1,2}(?:\.\d)?))?\b/g;
// "70% for training", "80% of the images were used for training", "20% test" — but not "3% of the
// training batches" or "6% of test images fell…": after "of", the subset must be introduced by a verb or "for/as".
const PERCENT_SPLIT =
  /\b(\d{1,2}(?:\.\d+)?)\s?%\s?(?:(?:of\s(?:the\s)?(?:[\w-]+\s){0,3}?(?:(?:was|were|is|are)\s(?:randomly\s)?(?:used|assigned|selected|allocated|kept|reserved|set aside)\s)?(?:as|for)\s(?:the\s)?)|(?:(?:was|were|is|are)\s(?:randomly\s)?(?:used|assigned|selected|allocated|kept|reserved|set aside)\s(?:as|for)\s(?:the\s)?)|for\s(?:the\s)?)?(training|train|validation|testing|test|calibration|evaluation)\b(?!\s(?:accuracy|loss|error|batch(?:es)?|time|images|samples|records)\b)/gi;
// "a training set (70%)", "the test set of 15%".
const SUBSET_PERCENT =
  /\b(training|train|validation|testing|test|calibration|evaluation)\s(?:set|subset|data(?:set)?|sample|partition|split)s?\s?(?:\(\s?|(?:of|with|comprising|containing)\s)(\d{1,2}(?:\.\d+)?)\s?%/gi;
// "20%, 60%, and 20%" or "70% and 30%" (only when the shares make a whole).
const PERCENT_LIST =
  /\b(\d{1,2}(?:\.\d+)?)\s?%(?:\s?,\s?(?:and\s)?|\s(?:and|\/)\s)(\d{1,2}(?:\.\d+)?)\s?%(?:(?:\s?,\s?(?:and\s)?|\s(?:and|\/)\s)(\d{1,2}(?:\.\d+)?)\s?%)?/g;
const KFOLD = /\b(\d{1,2}|five|ten|three|four)[- ]?fold\b|\bk-?fold\b|\bleave[- ]one[- ]\w+[- ]out\b/gi;

/** Split ratios ("70:30", "80/10/10"), percentages per subset and k-fold schemes. */
export const splits: ValueExtractor = (s) => {
  const out: ValueHit[] = [];
  if (!/\d|fold|leave/i.test(s)) return out;
  for (const m of s.matchAll(RATIO)) {
    const parts = [m[1], m[2], m[3]].filter(Boolean).map(Number);
    const sum = parts.reduce((a, b) => a + b, 0);
    // Only ratios of a whole (100 or 10) are splits; dates and times are not.
    if (Math.abs(sum - 100) < 0.6 || Math.abs(sum - 10) < 0.01 || Math.abs(sum - 1) < 0.01) {
      out.push({ key: "splits", value: m[0].replace(/\s/g, ""), from: m.index ?? 0, to: (m.index ?? 0) + m[0].length });
    }
  }
  for (const m of s.matchAll(PERCENT_LIST)) {
    const parts = [m[1], m[2], m[3]].filter(Boolean).map(Number);
    if (Math.abs(parts.reduce((a, b) => a + b, 0) - 100) < 0.6)
      out.push({ key: "splits", value: parts.join("/"), from: m.index ?? 0, to: (m.index ?? 0) + m[0].length });
  }
  for (const m of s.matchAll(PERCENT_SPLIT)) {
    out.push({
      key: "percentages",
      value: `${m[1]}% ${m[2].toLowerCase()}`,
      from: m.index ?? 0,
      to: (m.index ?? 0) + m[0].length,
    });
  }
  for (const m of s.matchAll(SUBSET_PERCENT)) {
    out.push({
      key: "percentages",
      value: `${m[2]}% ${m[1].toLowerCase()}`,
      from: m.index ?? 0,
      to: (m.index ?? 0) + m[0].length,
    });
  }
  for (const m of s.matchAll(KFOLD))
    out.push({
      key: "cross_validation",
      value: m[0].toLowerCase(),
      from: m.index ?? 0,
      to: (m.index ?? 0) + m[0].length,
    });
  return out;
};

const URL_RE =
  /\b(?:https?:\/\/|www\.)[^\s<>()"'\]]+[^\s<>()"'\].,;:]|\b(?:github|gitlab|bitbucket)\.(?:com|org)\/[^\s<>()"'\]]+[^\s<>()"'\].,;:]|\b(?:doi:\s?|https?:\/\/doi\.org\/)?10\.\d{4,9}\/[^\s<>()"'\]]+[^\s<>()"'\].,;:]/gi;
const CODE_HOST = /github|gitlab|bitbucket|sourceforge|codeocean|huggingface\.co|colab\.research/i;
const DATA_HOST =
  /zenodo|figshare|dryad|datadryad|gbif|pangaea|osf\.io|dataverse|kaggle|mendeley|data\.|lila\.science|xeno-canto|inaturalist|ebird|movebank|obis|ncbi|ebi\.ac|doi\.org\/10\.(5061|5281|6084|15468|1594|17632|7910)|10\.(5061|5281|6084|15468|1594|17632|7910)\//i;

function urlHits(s: string, host: RegExp, key: string): ValueHit[] {
  const out: ValueHit[] = [];
  if (!/https?:|www\.|\.com\/|\.org\/|10\.\d{4}/i.test(s)) return out;
  for (const m of s.matchAll(URL_RE)) {
    if (host.test(m[0])) out.push({ key, value: m[0], from: m.index ?? 0, to: (m.index ?? 0) + m[0].length });
  }
  return out;
}

const CODE_WORDS = /\b(source code|code|scripts?|software|implementation)\b/i;
const ARCHIVE_HOST = /zenodo|figshare|osf\.io|10\.(5281|6084|17605)\//i;

/**
 * Links to code hosts (GitHub, GitLab, Bitbucket, Code Ocean…), and archive links (Zenodo,
 * Figshare, OSF) in a sentence that says they hold code.
 */
export const codeUrls: ValueExtractor = (s) =>
  CODE_WORDS.test(s)
    ? urlHits(s, new RegExp(`${CODE_HOST.source}|${ARCHIVE_HOST.source}`, "i"), "urls")
    : urlHits(s, CODE_HOST, "urls");
/** Links and DOIs of data repositories (Zenodo, Figshare, Dryad, GBIF…). */
export const dataUrls: ValueExtractor = (s) => urlHits(s, DATA_HOST, "urls");

const SEED =
  /\b(?:random |fixed |same )?seeds?\b(?:\s(?:value|number))?[^.;\d]{0,25}?(?:of|=|:|to|was|as)?\s*(\d+)\b/gi;

// "Seeds of 40 species were sown": without a qualifier, a seed is a random seed only in a sentence
// about randomness, initialisation or reproducibility.
const SEED_CONTEXT =
  /\brandom|\breproducib|\binitiali[sz]|\bdeterminis|set[._ ]?seed|\brng\b|\bnumpy|\btorch|\btensorflow/i;

/** Random seed values ("seed of 42", "random seed = 0"); plant seeds are not among them. */
export const seeds: ValueExtractor = (s) =>
  !/seed/i.test(s)
    ? []
    : [...s.matchAll(SEED)]
        .filter((m) => /^(random|fixed|same)/i.test(m[0]) || SEED_CONTEXT.test(s))
        .map((m) => ({
          key: "seeds",
          value: Number(m[1]),
          from: m.index ?? 0,
          to: (m.index ?? 0) + m[0].length,
        }));

/** Extractors by the name the catalogue uses. */
export const VALUE_EXTRACTORS: Readonly<Record<string, ValueExtractor>> = {
  hyperparameters,
  splits,
  codeUrls,
  dataUrls,
  seeds,
};
