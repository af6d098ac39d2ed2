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

// Longest forms first: "1 × 10−4", then ranges and exponents that lost their superscript ("32-64",
// "10−4"), then plain and e-notation numbers.
const NUM =
  "(?<num>\\d+(?:\\.\\d+)?\\s?[×x]\\s?10\\s?[-−–]\\s?\\d+|\\d+\\s?[-−–]\\s?\\d+(?!\\.?\\d)|\\d+(?:\\.\\d+)?(?:\\s?[eE]\\s?[-−–]?\\s?\\d+)?)";

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
  // The gap between label and number may not run into another setting's name; a negative `max`
  // allows only linking words ("the number of epochs was set to 100", "batch size (32)").
  const gap =
    max < 0
      ? "(?:\\s*(?:was|were|is|are|set|fixed|chosen|equal|to|of|at|as|=|:|\\())*"
      : `(?:(?!learning|epoch|batch|dropout|decay|momentum|iteration)[^.;\\d]){0,${max}}?`;
  const re = new RegExp(
    `(?<label>${label.source})${gap}(?:of|=|:|was|were|is|to|at|as|set|with)?\\s*(?<![\\w.])${NUM}(?![A-Za-z\\d])`,
    "gi",
  );
  for (const m of sentence.matchAll(re)) {
    const written = (m.groups?.num ?? "").trim();
    if (!written) continue;
    const from = m.index ?? 0;
    const to = from + m[0].length;
    // "the learning rate was decreased by a factor of 10": a schedule, not the setting.
    if (SCHEDULE_GAP.test(m[0].slice(m.groups?.label?.length ?? 0))) continue;
    // "a learning rate of 10−4": the PDF text lost the superscript.
    const exponent = SMALL_RATES.has(key) ? /^10\s?[-−–]\s?(\d{1,2})$/.exec(written)?.[1] : undefined;
    if (!exponent && /^\d+\s?[-−–]\s?\d+$/.test(written)) {
      // "32-64" is a range; keep its text only.
      out.push({ key, value: written, from, to });
      continue;
    }
    const text = exponent ? `1e-${exponent}` : written.replace(/\s/g, "");
    const parsed = parseNumber(text);
    // "a dropout of 50%" is a rate of 0.5.
    const value = parsed !== undefined && key === "dropout" && /^\s?%/.test(sentence.slice(to)) ? parsed / 100 : parsed;
    if (value === undefined || !plausible({ key, value, from, to })) continue;
    out.push({ key, value, from, to });
    if (textKey) out.push({ key: textKey, value: text, from, to });
    // "learning rates of 0.01 and 0.001", "batch sizes of 16, 32 and 64": every value listed.
    for (const more of listedAfter(sentence, to)) {
      const n = parseNumber(more.text);
      if (n === undefined || !plausible({ key, value: n, from, to: more.to })) continue;
      out.push({ key, value: n, from, to: more.to });
      if (textKey) out.push({ key: textKey, value: more.text, from, to: more.to });
    }
  }
  return out;
}

// Words between a setting's name and a number that make the number part of a schedule.
const SCHEDULE_GAP = /\b(?:reduc|decreas|decay|drop|divid|multipl|lower|halv|anneal|warm|increas|scal|every|after)\w*/i;

/** Further numbers of a list that starts just before `at`: ", 0.001 and 0.0001". */
function listedAfter(sentence: string, at: number): { text: string; to: number }[] {
  const out: { text: string; to: number }[] = [];
  const re = new RegExp(
    `^(?:\\s?,\\s?(?:and\\s|or\\s)?|\\s(?:and|or)\\s)${NUM}(?=\\s?(?:[,;)]|\\.(?!\\d)|$|\\s(?:and|or|were|was|are|is|for|respectively|in|to)\\b))`,
  );
  let pos = at;
  for (let i = 0; i < 6; i++) {
    const m = re.exec(sentence.slice(pos));
    if (!m) break;
    pos += m[0].length;
    out.push({ text: (m.groups?.num ?? "").replace(/\s/g, ""), to: pos });
  }
  return out;
}

// "after 50,000 iterations the learning rate…": iterations of training, not of a simulation.
const TRAINING_CONTEXT =
  /\b((?:pre-?)?train\w*|fine-?tun\w*|learning rate|SGD|Adam|optimi[sz]\w+|epochs?|batch|loss)\b/i;

// "every 10 epochs", "a patience of 10 epochs", "after 5 epochs without improvement", "the first
// 5 epochs": counts of a schedule or a stopping rule, not how long training ran.
const NOT_LENGTH_BEFORE =
  /\b(?:every|each|per|patience(?:\s(?:of|was|is|=|:|set to))?|warm-?up(?:\s(?:of|for|phase of))?|first|last|within|consecutive|than|at)\s(?:the\s)?$/i;
const NOT_LENGTH_AFTER =
  /^\s?(?:(?:of|with|without)\s(?:no\s)?(?:further\s)?(?:improvement|decrease|change)|without\s(?:any\s)?(?:improvement|progress)|(?:of\s)?patience|(?:of\s)?warm-?up|later|before|after|earlier)\b/i;
// A schedule sentence: the numbers of epochs in it are when the rate changes.
const SCHEDULE_SENTENCE =
  /\b(?:learning rate|lr)\b[^;]{0,60}\b(?:reduc|decreas|decay|drop|divid|multipl|lower|halv|anneal)\w*[^;]{0,40}\b(?:every|after|each|at)\b/i;

// The words that end just before a number of another setting: "batch size of", "learning rate =", "momentum".
const OTHER_SETTING_BEFORE =
  /\b(?:(?:mini-?)?batch(?:[- ]size)?|learning[- ]rate|lr|dropout(?: rate)?|momentum|weight[- ]decay|decay(?: rate)?|patience|seed|size|rate|dimension|width|depth|units|neurons|filters|kernels?)\s*(?:of|=|:|was|is|were|set to|equal to)?\s*$/i;

/** "50 epochs", "50,000 iterations", "351K steps"; `lead`, when given, must end the text just before the number. */
function numberBefore(sentence: string, label: RegExp, key: string, lead?: RegExp): ValueHit[] {
  const out: ValueHit[] = [];
  const re = new RegExp(
    `(?<![\\d.])\\b((?:\\d{1,3}(?:,\\d{3})+|\\d{1,6})(?:\\s?,\\s?(?:and\\s|or\\s)?\\d{1,6}|\\s(?:and|or)\\s\\d{1,6})*)(?:\\s?([kK])\\b)?\\s+(?:training\\s+)?${label.source}`,
    "gi",
  );
  for (const m of sentence.matchAll(re)) {
    const at = m.index ?? 0;
    const before = sentence.slice(Math.max(0, at - 40), at);
    if (lead && !lead.test(before.slice(-12))) continue;
    if ((key === "epochs" || key === "iterations") && !isTrainingLength(sentence, at, at + m[0].length)) continue;
    const scale = m[2] ? 1000 : 1;
    // "for 50, 100 and 200 epochs": a list of thousands is written "50,000", a list of values ", ".
    const split = m[1].split(/\s?,\s(?:and\s|or\s)?|\s(?:and|or)\s|\s?,\s?(?:and|or)\s/);
    // "a batch size of 32 and 23 epochs": a list whose first number belongs to another setting is not a list.
    const ownList = /\b(?:and|or)\b/.test(m[1]) && !OTHER_SETTING_BEFORE.test(before);
    const parts = ownList ? split : split.slice(-1);
    for (const p of parts)
      out.push({ key, value: Number(p.replace(/,/g, "")) * scale, from: at, to: at + m[0].length });
  }
  return out;
}

/**
 * True when the count at [at, end) of `sentence` says how long training ran: not a schedule's step, a
 * patience or a warm-up ("every 10 epochs", "after 5 epochs without improvement", "a warm-up of 3 epochs").
 */
function isTrainingLength(sentence: string, at: number, end: number): boolean {
  const before = sentence.slice(Math.max(0, at - 40), at);
  if (NOT_LENGTH_BEFORE.test(before) || /warm-?up\b[^,;]{0,25}$/i.test(before)) return false;
  if (NOT_LENGTH_AFTER.test(sentence.slice(end))) return false;
  return !SCHEDULE_SENTENCE.test(sentence) || /\b(?:for|total of|trained|training)\s$/i.test(before);
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
};
const WORD_EPOCHS = new RegExp(
  `\\b(${Object.keys(NUMBER_WORDS).join("|")})\\s+(?:training\\s+|more\\s+|full\\s+)?epochs?\\b`,
  "gi",
);

/** "four epochs", "ten training epochs": a count written as a word. */
function wordEpochs(sentence: string): ValueHit[] {
  const out: ValueHit[] = [];
  for (const m of sentence.matchAll(WORD_EPOCHS)) {
    const at = m.index ?? 0;
    if (/\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten)[- ]$/i.test(sentence.slice(0, at))) continue;
    if (!isTrainingLength(sentence, at, at + m[0].length)) continue;
    out.push({ key: "epochs", value: NUMBER_WORDS[m[1].toLowerCase()], from: at, to: at + m[0].length });
  }
  return out;
}

// A sentence about running the model, not training it: its batch size is not a training setting.
const INFERENCE_ONLY =
  /\b(?:inference|search(?:es|ing)? time|at test time|during (?:testing|inference|prediction)|latency|throughput|deploy\w*)\b/i;

// Settings whose values lie below 1: "10−4" there is a power of ten, and "50" is not one of them.
const SMALL_RATES = new Set(["learning_rate", "weight_decay"]);

const HYPER_HINT = /learning|epoch|batch|dropout|decay|L2|momentum|iteration|step/i;

/** Learning rate, epochs, batch size, dropout, weight decay and momentum values. */
export const hyperparameters: ValueExtractor = (s) => (HYPER_HINT.test(s) ? hyperparameterHits(s) : []);

function hyperparameterHits(s: string): ValueHit[] {
  const listed = respectively(s);
  const named = new Set(listed.map((h) => h.key));
  return [...listed, ...singleHyperparameterHits(s).filter((h) => !named.has(h.key.replace(/_text$/, "")))].filter(
    plausible,
  );
}

// A rate (learning rate, weight decay, dropout, momentum) above 1, a number of epochs outside
// 1–100,000 or a batch size that is not a whole number is another number.
function plausible(h: ValueHit): boolean {
  if (typeof h.value !== "number") return true;
  if (SMALL_RATES.has(h.key) || h.key === "dropout" || h.key === "momentum") return h.value <= 1;
  if (h.key === "epochs") return h.value >= 1 && h.value <= 100000;
  if (h.key === "batch_size") return Number.isInteger(h.value) && h.value >= 1;
  return true;
}

const SETTINGS: { key: string; re: RegExp }[] = [
  { key: "learning_rate", re: /^(?:initial |base )?learning[- ]rates?$/i },
  { key: "weight_decay", re: /^weight[- ]decay$/i },
  { key: "momentum", re: /^momentum$/i },
  { key: "iterations", re: /^(?:number of )?(?:iterations|steps)$/i },
  { key: "epochs", re: /^(?:number of )?epochs?$/i },
  { key: "batch_size", re: /^(?:mini-?)?batch[- ]sizes?$/i },
  { key: "dropout", re: /^dropout(?: rate)?$/i },
];
const RESPECTIVELY =
  /\s(?:were|are|was|of|=|:)\s+(?:(?:set|fixed|chosen|initiali[sz]ed)\s(?:to|at|as)\s+)?([^;]{1,100}?),?\s+respectively\b/i;
// Values are separated by ", " (a comma with a space: "200,000" is one number), names by any comma.
const LIST_SEPARATOR = /,\s+(?:and\s+)?|\s+and\s+/;

/**
 * "the learning rate, weight decay, momentum and iterations were 0.01, 0.005, 0.9 and 200,000,
 * respectively": names and values paired in order, when every name is a known setting.
 */
function respectively(s: string): ValueHit[] {
  // "the number of epochs, batch size … were …": the verb is the one whose lists pair up.
  const re = new RegExp(RESPECTIVELY.source, "gi");
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const hits = pairedAt(s, m);
    if (hits.length > 0) return hits;
    re.lastIndex = m.index + 1;
  }
  return [];
}

function pairedAt(s: string, m: RegExpExecArray): ValueHit[] {
  const numbers = m[1].split(LIST_SEPARATOR).map((n) => n.trim());
  const names = s
    .slice(0, m.index)
    .split(/,\s*(?:and\s+)?|\s+and\s+/)
    .slice(-numbers.length)
    .map((n) => n.replace(/^.*\bthe\s+/i, "").trim());
  if (names.length !== numbers.length || numbers.length < 2) return [];
  const keys = names.map((n) => SETTINGS.find((x) => x.re.test(n))?.key);
  const values = numbers.map((n) =>
    /^\d[\d,]*(\.\d+)?(?:[eE][-−–]?\d+)?$|^\d+(?:\.\d+)?\s?[×x]\s?10\s?[-−–]\s?\d+$/.test(n)
      ? parseNumber(n.replace(/,/g, ""))
      : undefined,
  );
  if (keys.some((k) => !k) || values.some((v) => v === undefined)) return [];
  return keys.map((key, i) => ({ key: key as string, value: values[i], from: m.index, to: m.index + m[0].length }));
}

const TRAINING_WORD = /\b(?:train\w*|epochs?|learning rate|iterations?|updates?|optimi[sz]\w*|gradient)\b/i;
const singleHyperparameterHits: ValueExtractor = (s) => [
  ...numberAfter(
    s,
    /\b(?:initial |base |maximum )?learning[- ]rates?\b(?: \(lr\))?/,
    "learning_rate",
    "learning_rate_text",
  ),
  ...numberBefore(s, /epochs?\b/, "epochs"),
  ...wordEpochs(s),
  ...numberAfter(s, /\b(?:number of |training |maximum )?epochs?\b/, "epochs", undefined, -1),
  ...(INFERENCE_ONLY.test(s) && !/\btrain/i.test(s)
    ? []
    : [
        ...numberAfter(s, /\b(?:mini-?)?batch[- ]sizes?\b/, "batch_size", undefined, -1),
        // "trained … in batches of 256 patches", "each update used a mini-batch of 16 images": the count of a
        // batch is its size, in a sentence about training (tiles "processed in batches of 64" may be drawing a map).
        ...(TRAINING_WORD.test(s) ? numberAfter(s, /\b(?:mini-?)?batch(?:es)? of\b/, "batch_size", undefined, -1) : []),
      ]),
  ...numberAfter(s, /\bdropout(?: rate| ratio| probability| layers?)?\b/, "dropout", undefined, 30),
  ...numberAfter(
    s,
    /\bweight[- ]decay\b|\bL2 (?:penalty|regulari[sz]ation)\b/,
    "weight_decay",
    "weight_decay_text",
    30,
  ),
  ...numberAfter(s, /\bmomentum\b/, "momentum", undefined, 20),
  ...(TRAINING_CONTEXT.test(s)
    ? [
        ...numberBefore(s, /(?:iterations|steps|updates)\b/, "iterations", /\b(?:for|after|last|lasts|first|of) $/i),
        // "the number of iterations was 5000", "iterations: 5000" — not "steps on four RTX 4090 GPUs".
        ...numberAfter(s, /\b(?:number of )?(?:training )?(?:iterations|steps)\b/, "iterations", undefined, 0),
      ]
    : []),
];

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

// What a split keeps apart: "split by site", "stratified by species", "spatial blocks", "by year".
const CRITERION_BY =
  /\b(?:(?:split|divided|partitioned|separated|grouped|stratified|blocked|assigned|allocated|selected|sampled|held out|split randomly|randomly)\b[^.;]{0,60}?\b)(by|per|across|at the level of(?: the)?|within)\s((?:individual |unique |sampling |recording |camera[- ]trap |survey )?(?:sites?|years?|images?|individuals?|animals?|locations?|regions?|stations?|species|plots?|cameras?|dates?|events?|recordings?|recorders?|fields?|farms?|areas?|sequences?|videos?|class(?:es)?|subjects?|deployments?|transects?|tiles?|patients?|seasons?|months?|days?|basins?|catchments?|watersheds?|countries|islands?|trees?|plants?|polygons?))\b/i;
const CRITERION_WORD =
  /\b(?:(?:site|location|year|image|individual|station|region|event|plot|camera|time|date|species|polygon|field)[- ](?:based|level|wise|disjoint)\s(?:split|splitting|partition\w*|hold-?out|cross-validation)|at the (?:site|image|individual|location|year|plot|station|event|region) level|spatial(?:ly)?[- ](?:blocks?|blocked|block(?:ing)?|cluster(?:ed|s)?|independent|disjoint|separated)|spatial(?:ly)? (?:split|partition\w*|cross-validation|hold-?out)|temporal(?:ly)? (?:split|block\w*|partition\w*|hold-?out|independent)|chronologic(?:al|ally)|stratified)\b/i;

/** How a split keeps subsets apart, as written: "by site", "stratified by species", "spatial blocks". */
export function splitCriterion(s: string): string | undefined {
  const by = CRITERION_BY.exec(s);
  if (by) {
    const stratified = /\bstratif/i.test(by[0]) ? "stratified " : "";
    return `${stratified}${by[1].toLowerCase()} ${by[2].toLowerCase()}`;
  }
  const word = CRITERION_WORD.exec(s);
  return word ? word[0].toLowerCase().replace(/\s+/g, " ") : undefined;
}

/** Split ratios ("70:30", "80/10/10"), percentages per subset, k-fold schemes and split criteria. */
export const splits: ValueExtractor = (s) => {
  const out = splitValues(s);
  // Only beside a ratio, share or fold count: a criterion alone is the catalogue's "scheme" cue.
  const criterion = out.length > 0 ? splitCriterion(s) : undefined;
  if (!criterion) return out;
  // "70/15/15 split by site": the ratio keeps its criterion.
  let kept = false;
  for (const h of out)
    if (h.key === "splits") {
      h.value = `${h.value} ${criterion}`;
      kept = true;
    }
  if (!kept) {
    const at = s.toLowerCase().indexOf(criterion.split(" ").slice(-1)[0]);
    out.push({ key: "scheme", value: criterion, from: Math.max(0, at), to: Math.max(0, at) + criterion.length });
  }
  return out;
};

function splitValues(s: string): ValueHit[] {
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
}

const URL_RE =
  /\b(?:https?:\/\/|www\.)[^\s<>()"'\]]+[^\s<>()"'\].,;:]|\b(?:github|gitlab|bitbucket|codeberg)\.(?:com|org)\/[^\s<>()"'\]]+[^\s<>()"'\].,;:]|\b(?:doi:\s?|https?:\/\/doi\.org\/)?10\.\d{4,9}\/[^\s<>()"'\]]+[^\s<>()"'\].,;:]/gi;
const CODE_HOST =
  /github|gitlab|bitbucket|codeberg|gitee|sr\.ht|sourceforge|codeocean|softwareheritage|huggingface\.co|colab\.research/i;
const DATA_HOST =
  /zenodo|figshare|dryad|datadryad|gbif|archive\.ics\.uci\.edu|pangaea|osf\.io|dataverse|kaggle|mendeley|data\.|lila\.science|xeno-canto|inaturalist|ebird|movebank|obis|ncbi|ebi\.ac|doi\.org\/10\.(5061|5281|6084|15468|1594|17632|7910)|10\.(5061|5281|6084|15468|1594|17632|7910)\//i;

// The rest of a link broken at the end of a line: "https://host/bird_audio_ detection_2017".
const URL_REST = /^\s([\w~%#?=&+-][\w./~%#?=&+-]*[\w/~%#=&+-]|[\w])/;

/** The link starting at `m`, rejoined when the text broke it after "_", "-" or a bare owner "/". */
function wholeUrl(s: string, m: RegExpMatchArray): string {
  let url = m[0];
  let end = (m.index ?? 0) + url.length;
  // A link cut at its trailing "_" or "-" (the class of URL_RE's last character lets "_" and "-" end it).
  for (let i = 0; i < 3; i++) {
    const rest = URL_REST.exec(s.slice(end));
    if (!rest) break;
    const cutAtJoin = /[_-]$/.test(url);
    // "github.com/owner/ repo": a code-host link needs its repository.
    const ownerOnly = /^(?:https?:\/\/)?(?:www\.)?(?:github|gitlab|bitbucket)\.(?:com|org)\/[^/\s]+\/$/i.test(url);
    const pathPiece = /\/$/.test(url) && /[_\-/.\d]/.test(rest[1]) && !/^\d+(?:\.\d+)*$/.test(rest[1]);
    if (!cutAtJoin && !ownerOnly && !pathPiece) break;
    url += rest[1];
    end += rest[0].length;
  }
  // Trailing punctuation of the sentence is not part of the link.
  return url.replace(/[.,;:!?'"’”»)\]]+$/, "");
}

function urlHits(s: string, host: RegExp, key: string): ValueHit[] {
  const out: ValueHit[] = [];
  if (!/https?:|www\.|\.com\/|\.org\/|10\.\d{4}/i.test(s)) return out;
  for (const m of s.matchAll(URL_RE)) {
    if (!host.test(m[0])) continue;
    const value = wholeUrl(s, m);
    out.push({ key, value, from: m.index ?? 0, to: (m.index ?? 0) + value.length });
  }
  return out;
}

const CODE_WORDS = /\b(source code|code|scripts?|software|implementation)\b/i;
// Every link urlHits finds (a sentence that offers its data at it decides, below).
const ANY_LINK = /./;
const ARCHIVE_HOST = /zenodo|figshare|osf\.io|10\.(5281|6084|17605)\//i;
const CODE_OR_ARCHIVE_HOST = new RegExp(`${CODE_HOST.source}|${ARCHIVE_HOST.source}`, "i");

/**
 * Links to code hosts (GitHub, GitLab, Bitbucket, Code Ocean…), and archive links (Zenodo,
 * Figshare, OSF) in a sentence that says they hold code.
 */
export const codeUrls: ValueExtractor = (s) =>
  CODE_WORDS.test(s) ? urlHits(s, CODE_OR_ARCHIVE_HOST, "urls") : urlHits(s, CODE_HOST, "urls");
// An archive (Zenodo, Figshare, OSF) holds only code when its sentence names code and no data ("the
// analysis scripts are available at https://doi.org/10.5281/…").
const DATA_NOUN =
  "data ?sets?|data|recordings|images|annotations|labels|photographs|videos|footage|measurements|observations|occurrences|time[- ]series|scans|tracks";
const DATA_NOUNS = new RegExp(`\\b(${DATA_NOUN}|files|tables)\\b`, "i");

// A sentence that offers its data at a link ("the labelled images can be downloaded from …", "are
// deposited at …"), not one that says where data were taken from ("were obtained from the portal …").
const DATA_OFFERED = new RegExp(
  `\\b(${DATA_NOUN}|photos|clips|audio|frames|spectrograms|masks|crops|tiles|rasters|samples|sequences)\\b[^.;]{0,60}\\b((are|is) (freely |publicly |openly )?(available|accessible|hosted|stored|archived|deposited|published|shared)|(can|may) be (freely |publicly )?(downloaded|accessed|obtained|retrieved)|(were|was|have been|has been) (deposited|archived|uploaded|published|shared|made (freely |publicly )?available)) (at|from|in|on|via|under|through|to)\\b`,
  "i",
);
// Links that are not a data repository whatever their sentence says: code hosts, and DOIs of
// journals and preprint servers (a cited paper, not its data).
const NOT_DATA_LINK = new RegExp(
  `${CODE_HOST.source}|\\b10\\.(1016|1007|1038|1371|3390|1111|1002|1093|1109|1126|1073|48550|1080|1186|3389|7717|1101|1145|1139|1098|5194|1017|1890|1071|1146)\\/`,
  "i",
);

/**
 * Links and DOIs of data repositories (Zenodo, Figshare, Dryad, GBIF…), and any other link that a
 * sentence offers its data at (not a code host, not a journal's DOI); not an archive's link to code alone.
 */
export const dataUrls: ValueExtractor = (s) => {
  if (CODE_WORDS.test(s)) {
    const hits = urlHits(s, DATA_HOST, "urls");
    return DATA_NOUNS.test(s) ? hits : hits.filter((h) => !ARCHIVE_HOST.test(String(h.value)));
  }
  if (!DATA_OFFERED.test(s)) return urlHits(s, DATA_HOST, "urls");
  return urlHits(s, ANY_LINK, "urls").filter(
    (h) => DATA_HOST.test(String(h.value)) || !NOT_DATA_LINK.test(String(h.value)),
  );
};

const SEED =
  /\b(?:random |fixed |same )?seeds?\b(?:\s(?:value|number))?[^.;\d]{0,60}?(?:of|=|:|to|was|as)?\s*(\d+)\b/gi;

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

// A dataset the vocabulary does not list, named before the word that says it is one: "the DeepWeeds dataset",
// "the FishCLEF 2015 benchmark", "the WeedSeg-Beet collection". A name is a word spelt as names are and common
// words are not: capitals inside it (DeepWeeds, EuroSAT, NABirds, iWildCam), letters with digits (CUB-200, BDD100K),
// or three capitals or more (SSW) that are not an abbreviation of a kind of data or tool (NOT_A_DATASET_NAME).
const DATASET_WORD = String.raw`(?:data ?sets?|benchmarks?|corpus|corpora|database|collection|challenge data)\b`;
const NAME_TOKEN = String.raw`(?:\p{L}*\p{Ll}\p{Lu}[\p{L}\d]*|\p{Lu}{2,}\p{Ll}[\p{L}\d]*|\p{Lu}[\p{L}]*\d[\p{L}\d]*|\p{Lu}{3,}\d*)(?:-[\p{L}\d]+)*`;
const NAMED_DATASET = new RegExp(
  String.raw`\b(?<name>${NAME_TOKEN}(?:[- ](?:\p{Lu}[\p{L}\d]*|(?:19|20)\d\d|\d{1,4}))?)\s+${DATASET_WORD}`,
  "gu",
);
const HAS_DATASET_WORD = new RegExp(String.raw`\b${DATASET_WORD}`, "i");
const NOT_A_DATASET_NAME =
  /^(?:RGB|UAVs?|GPS|GNSS|CSV|GIS|DEMs?|NIR|SAR|LiDAR|LIDAR|CNNs?|DNNs?|RNNs?|LSTM|GANs?|API|GPUs?|CPUs?|USA|EU|UK|JSON|XML|HTML|PDF|ROI|HSI|MSI|NDVI|EVI|DNA|RNA|SQL|IUCN|NASA|ESA|USGS|OCR|SNR|AUC|RMSE|MAE|IoU|TIFF|JPEG|PNG|WAV|MP3|FLAC|HD|UTM|WGS84)$/;

/** Datasets named before "dataset", "benchmark", "corpus" or "collection" that the vocabulary does not list. */
export const datasetNames: ValueExtractor = (s) =>
  !HAS_DATASET_WORD.test(s)
    ? []
    : [...s.matchAll(NAMED_DATASET)]
        .filter((m) => !NOT_A_DATASET_NAME.test(m.groups?.name ?? ""))
        .map((m) => ({
          key: "datasets",
          value: m.groups?.name ?? "",
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
  datasetNames,
};
