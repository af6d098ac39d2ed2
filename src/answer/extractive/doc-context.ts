import { isTableFootnote } from "../../ingest/clean.js";
import { sectionAt } from "../../ingest/sections.js";
import { cutAtCaptions, SHORT_LABEL_SOURCE, splitSentences } from "../../ingest/sentences.js";
import type { Document, Evidence, SectionKind } from "../../types.js";
import { type SentenceKeys, sentenceKeys } from "./prefilter.js";

/** One sentence of the document with what the extractors need to judge it as evidence. */
export interface SentenceInfo {
  start: number;
  end: number;
  text: string;
  section: SectionKind;
  page: number;
  /** Cites other work (author–year or numbered citations) without saying "we"/"this study". */
  otherWork: boolean;
  /**
   * A bibliography entry, a cited title or a keyword list: never evidence. Also set for every
   * {@link SentenceInfo.nonProse} sentence, so that whatever skips cited sentences skips those too.
   */
  cited: boolean;
  /**
   * Not a sentence of prose: table cells, figure or axis text, an equation, a caption cut out of a sentence
   * (see cutAtCaptions), the paper's own title, an author, affiliation or e-mail line (see {@link isNonProse}). Never evidence; implies `cited`.
   * Optional only for hand-built test objects.
   */
  nonProse?: boolean;
  /**
   * A statement that cites its sources in author–year groups ("built with Keras (Chollet, 2015)"):
   * in introductions mostly background, so it weighs as other work does (see isSourcedStatement).
   */
  sourced: boolean;
  /** A numbered heading standing alone ("3.1. Dataset"): names a topic, answers nothing. */
  heading: boolean;
  /** Speculative: could, might, future work… */
  hedged: boolean;
  /** Speaks about this study (we, our, this study, the proposed…). */
  own: boolean;
  /** What a study protocol (a Stage 1 registered report) says it will do: planned, not done. */
  planned?: boolean;
  /**
   * Where a quote of the sentence starts when the sentence carries the lettered subsection heading above it as
   * context ("B. Call annotation" + "Two listeners labelled…"): the heading's words count when the sentence is
   * judged, but are never quoted. Absent: the quote starts at `start`.
   */
  quoteStart?: number;
  /** The sentence's keys for pattern gates, made on first use by {@link keysOf}. */
  keys?: SentenceKeys;
}

/**
 * The sentence's keys (lower-case text and character grams) that tell which patterns may match it;
 * computed once per sentence and shared by every question.
 *
 * @example gateAllows(regexGate(/adam/i), keysOf(sentence))
 */
export function keysOf(s: SentenceInfo): SentenceKeys {
  s.keys ??= sentenceKeys(s.text);
  return s.keys;
}

/**
 * True for a sentence that may speak for the study: not about other work, not a citation or keyword
 * list, not a statement that leans on cited sources.
 */
export function speaksForStudy(s: SentenceInfo): boolean {
  return !s.otherWork && !s.cited && !s.sourced;
}

/** A sentence that may be quoted as evidence: not a bibliography piece, cited title, non-prose or bare heading. */
export function quotable(s: SentenceInfo): boolean {
  return !s.cited && !s.heading;
}

/** A statement the study makes about itself: "we"/"our", not hedged, not about or leaning on other work. */
export function isStudyStatement(s: SentenceInfo): boolean {
  return s.own && !s.hedged && s.planned !== true && speaksForStudy(s);
}

/** Per-document work shared by every question. */
export interface DocContext {
  document: Document;
  sentences: SentenceInfo[];
  /** The paper presents itself as a review, survey, commentary, perspective, editorial or tutorial: it has no study of its own to report on. */
  review?: boolean;
}

// Sections whose sentences are never evidence of what the study itself did.
// Tables and figure captions ("floats", kept apart by the JATS and TEI readers) are not prose either.
const SKIPPED: ReadonlySet<SectionKind> = new Set(["references", "floats"]);

// What may stand between a cited subject and its verb: "Halvorsen et al. (2021), for example, trained …",
// "Lee and Park (2020) also used …".
const ASIDE = String.raw`(?:,\s*(?:for example|for instance|e\.g\.|in contrast|by contrast|however|similarly|likewise|in particular|notably)\s*,)?`;
const ADVERB = String.raw`(?:(?:also|recently|previously|first|further|similarly|likewise|successfully|originally)\s+)?`;
const AUTHOR_YEAR =
  /\(([A-Z][\p{L}'-]+( et al\.?| and [A-Z][\p{L}'-]+| & [A-Z][\p{L}'-]+)?,? \(?(19|20)\d\d[a-z]?\)?[;,]?\s*)+\)|[A-Z][\p{L}'-]+ (?:et al\.?|(?:and|&) [A-Z][\p{L}'-]+),? \(?(19|20)\d\d[a-z]?\)?|\[\d+([,–-]\s?\d+)*\]/gu;
const OTHER_SUBJECT = new RegExp(
  String.raw`\b[A-Z][\p{L}'-]+ (et al\.?|and [A-Z][\p{L}'-]+)\s*\(?(\[\d+\]|(19|20)\d\d[a-z]?)?\)?,?${ASIDE}\s+(have |has |had )?${ADVERB}` +
    String.raw`(used|trained|applied|proposed|developed|showed|found|reported|employed|introduced|achieved|adopted|presented|demonstrated|compared|described|utili[sz]ed|obtained|evaluated|tested|combined|built|designed|fine-tuned|collected|recorded|released|deployed|recommend|recommended|suggest|suggested|argue|argued|ask|asked|claim|claimed|question|questioned|chose|selected|tuned|optimi[sz]ed|picked|annotated|labell?ed|augmented)\b` +
    // With the year (or number) of the citation, any verb of what they did: "Okafor et al. (2021) went a step
    // further", "Lindqvist et al. (2023) selected these values by grid search".
    String.raw`|\b[A-Z][\p{L}'-]+ (et al\.?|and [A-Z][\p{L}'-]+|& [A-Z][\p{L}'-]+)\s*(\[\d+\]|\((19|20)\d\d[a-z]?\)),?${ASIDE}\s+(have |has |had )?${ADVERB}` +
    String.raw`([a-z]+ed|went|ran|chose|built|made|took|found|showed|wrote|set|split|put|gave|began|drew|kept|uses|trains|reports|shows|proposes|describes|finds|applies|presents|argues|suggests|notes|recommends)\b` +
    // One author with the year: "Finally, Ruiz-Castaño (2022) studied temporal transfer".
    String.raw`|\b[A-Z][\p{L}'-]+\s*\((19|20)\d\d[a-z]?\),?${ASIDE}\s+(have |has |had )?${ADVERB}` +
    String.raw`([a-z]+ed|went|ran|chose|built|made|took|found|showed|wrote|set|split|put|gave|began|drew|kept|uses|trains|reports|shows|proposes|describes|finds|applies|presents|argues|suggests|notes|recommends)\b`,
  "u",
);
// "ResNet (He et al., 2016) proposed…", "Wang et al. (Wang et al., 2020) developed…": a cited work as
// the subject of what was done.
const CITED_SUBJECT =
  /\((?:[A-Z][\p{L}'-]+ (?:et al\.?|and [A-Z][\p{L}'-]+)|[A-Z][\p{L}'-]+),? (?:19|20)\d\d[a-z]?\)(?:,\s*(?:for example|for instance|e\.g\.|in contrast|by contrast|however|similarly|likewise|in particular|notably)\s*,)?\s+(?:have |has |had )?(?:(?:also|recently|previously|first|further|similarly|likewise|successfully|originally)\s+)?(?:used|trained|applied|proposed|developed|showed|found|reported|employed|introduced|achieved?|adopted|presented|demonstrated|compared|described|utili[sz]ed|obtained|propose|apply|show|been (?:\w+ly )?(?:packaged|deployed|released|ported|integrated|converted|exported|trained|applied|used|extended|adapted))\b/u;
// A general statement that credits a source ("networks are often trained with Adam (Kingma and Ba, 2015)"),
// and what others did, in the passive ("… was used by Smith et al. (2019)") or with the citation as the subject
// ("Smith et al. (2020) shared their data at …").
const PREVIOUS =
  /^(Most|Many|Several|Few) |(?<!\b(?:the|a|an|this|these|those|our|its|their|such)\s)\b(typically|usually|commonly|widely|increasingly|traditionally|frequently|generally|often|rarely|recently)\b(?! (?:used|proposed|introduced|adopted|applied|employed|available|known) (?:[A-Z]|\w+ \[))|\b(has|have) (become|been) (popular|common|standard|the standard|the norm|widespread)\b|\b(has|have) become (a |an |the )?(widely|commonly|increasingly|frequently|popular|common|standard) \w+|\b(is|are) (rare|uncommon|popular|common|standard|scarce)\b|\bis the (largest|most widely used|standard|de facto)\b|\bfor (instance|example)\b|\b[Tt]he original [A-Z][\w-]*\b|\b(demonstrated|shown|proposed|introduced|used|reported|developed) by (an? |the )?(earlier|previous|prior|recent|other|another|related|similar) (study|project|work|team|group|paper)\b|\b(previous|prior|earlier|recent|other) (studies|works?|research|authors|approaches)\b|^other (?:[\w-]+ ){0,2}?(?:apps|applications|tools|systems|methods|models|groups|teams|projects|papers|pipelines)\b|\bhave been (widely |successfully |increasingly )?(used|applied|proposed|employed)\b|\b(is|are) (often|commonly|usually|typically|widely|frequently|generally|traditionally)\b|\b(used|applied|proposed|developed|trained|employed|introduced|adopted) by [A-Z][\p{L}'-]+ (et al|and [A-Z]|& [A-Z])|\b[A-Z][\p{L}'-]+ (et al\.?|and [A-Z][\p{L}'-]+),? \(?(19|20)\d{2}[a-z]?\)? (have |has |had )?(shared|used|trained|released|published|proposed|developed|applied|collected|recorded|deposited|made|showed|found|reported|built|designed)\b/iu;
// What the field does or did, said without a citation: "… have been widely used in earlier work", "Adam is a
// popular choice for …, as discussed by Kingma and Ba", "ImageNet has transformed computer vision over the last
// decade". Background, not the study's own report (a sentence that also says "we" or "this study" is the study's).
const FIELD_STATEMENT =
  /\b(is|are|has been|have been) (increasingly|widely|commonly|routinely|typically|usually|traditionally|frequently) (used|applied|employed|adopted|deployed|drawn|done|performed|trained|chosen|preferred|monitored|reported|tracked|shared)\b|^(?:(?:First|Second|Third|However|Moreover|Yet|But|Indeed|Also|Finally|In addition|Similarly),?\s+)?(?:(?:Previous|Prior|Earlier|Existing|Past) (?:[\w-]+ ){0,3}?(?:studies|works|research|apps|applications|tools|systems|approaches|methods|models|classifiers|detectors|networks|algorithms|pipelines|authors|researchers|groups|teams|projects|papers|surveys|reviews)|(?:most|many|several|numerous|some|few) (?:(?:previous|prior|earlier|existing|other|recent|published) )?(?:studies|works|papers|authors|researchers))\b|\bin (earlier|previous|prior|past|other|recent|related) (work|works|studies|research|literature)\b|\bin the literature\b|\b(is|are|has been|have been) (a |an )?(popular|common|standard|widespread|frequent|default|favou?rite|well-known|established) (choice|practice|approach|method|tool)s?\b|\bas (discussed|described|shown|proposed|suggested|argued|noted|reviewed) (by|in) (?!(Fig|Figure|Table|Section|Sect|Eq|Equation|Appendix|Supplement|Supplementary|Chapter|Box|Panel|Algorithm|Listing|Note|Text)\b)[A-Z][\p{L}'-]+( and [A-Z][\p{L}'-]+| et al\.?)?|\b(has|have) (transformed|revolutioni[sz]ed|reshaped|dominated|shaped|advanced) (the )?([\w-]+ ){0,4}(research|science|studies|discipline|community)\b/u;
// Work credited to others without a verb after their names: "In the study of Reyes and Malhotra [7], …", "In the
// work by Osei et al., …", "Its developers report that the network was trained with Adam".
const OTHERS_NAMED =
  /\b[Ii]n the (?:study|work|paper|experiments?|survey|analysis) (?:of|by) [A-Z][\p{L}'-]+(?: et al\.?| and [A-Z][\p{L}'-]+| & [A-Z][\p{L}'-]+)?|\b(?:[Ii]ts|[Tt]heir|[Tt]he (?:model's|network's|classifier's|detector's|original)) (?:developers|authors|creators|designers|maintainers) (?:report|reported|state|stated|describe|described|write|wrote|trained|used)\b/u;
// Other work referred back to without a name: "They trained it with SGD", "Their model was trained on four GPUs",
// "In that work, training stopped early", "That dataset was split by camera", "A later study optimised …"; what
// others report ("They report training on two TPUs", "According to its developers, …", "According to Ruiz et al.,
// …"), and a passive whose agent is a model's developers ("The rate was chosen by its developers", not "the weights
// released by its developers", which names what the study used).
const OTHER_REFERENT =
  /^They (?:[\w-]+ ){0,2}?(?:trained|used|applied|proposed|reported|found|showed|developed|built|collected|recorded|released|achieved|obtained|evaluated|tested|fine-tuned|optimi[sz]ed|split|annotated|labell?ed|deployed|shared|augmented|report|describe|state|note|mention|claim|publish|release|provide)\b|^According to (?:the |its |their |those |these )?(?:original )?(?:developers|authors|creators|designers|maintainers|paper|publication|documentation|model card)\b|^According to [A-Z][\p{L}'-]+ (?:et al\.?|and [A-Z][\p{L}'-]+|& [A-Z][\p{L}'-]+)|\b(?:was|were|had been|has been|have been) (?:[\w-]+ ){0,2}?[a-z]+(?:ed|en|wn|lt|de) by (?:(?:the |its |their )(?:original )?(?:developers|creators|designers|maintainers)|the original authors)\b|^Their (?:own )?(?:[\w-]+ )?(?:model|network|detector|classifier|code|data|images|dataset|approach|method|system|pipeline|app|tool|recordings|annotations|results?|training|experiments?|setup|settings|split|augmentation|hyperparameters)\b|^(?:The|Its|Their) (?:[\w-]+'s )?(?:original )?(?:developers|creators|designers|maintainers)\b|\b[Ii]n (?:that|their|the cited|those) (?:work|study|paper|pipeline|implementation|approach|experiments?|project)s?\b|^(?:That|Those) (?:dataset|study|work|paper|model|network|collection|project)s?\b|^(?:The|These|Both) (?:commenters|critics|discussants|referees|reviewers)\b|^(?:An?|One|Another) (?:(?:later|earlier|previous|prior|recent|related|similar|subsequent|other) )?(?:study|project|paper|team|group)\b(?! (?:area|site|period|design|species|region))/u;
// The authors' own earlier work, opening the sentence: "In our previous study we…", "In Chapter 3 I repeated…",
// "Our earlier work used…". It reports what was done elsewhere, not in this paper.
const OWN_EARLIER_WORK =
  /^(?:(?:In|During) (?:our|my|the) (?:own )?(?:previous|prior|earlier|preceding|last) (?:work|study|paper|chapter|research|analysis|experiments)|(?:In|During) Chapter \d+|(?:Our|My) (?:own )?(?:previous|prior|earlier) (?:work|study|paper|research|analysis))\b/;
const OWN =
  /\bI(?=\s)|\b(we|our|us|my|this (study|paper|work|research|article|thesis|dissertation|report)|the (present|current|proposed) (study|work|method|model|approach|framework|system)|here,? we|in this (study|paper|work))\b/i;
// A promise that waits for the paper: "once the manuscript has been accepted", "after the paper will be accepted".
const AFTER_ACCEPTANCE = String.raw`(?:once|after|when) (?:the|this|our) (?:\w+ )?(?:manuscript|paper|article) (?:has been |is |will be |gets )?(?:accepted|published)`;
const HEDGE = new RegExp(
  String.raw`\b(could|might|may be|would|should|future (work|research|studies|directions|experiments|versions|analyses|releases|seasons)|subsequent (work|research|studies)|in (the )?future|potentially|plan to|intend to|upon (acceptance|publication)|${AFTER_ACCEPTANCE}|will be (made )?(publicly |freely |openly )?(released|available|published|shared|deposited|uploaded)(?![^.]{0,100}(https?:\/\/|www\.|doi\.org|10\.\d{4}))|(obvious|possible|potential|natural|promising) (remed(y|ies)|solutions?|next steps?|extensions?|avenues?)|(we|I) (would )?(recommend|suggest|advise|encourage)|(is|are) (advisable|recommended|encouraged|preferable|desirable)|(is|are) (a |an )?(good|sensible|simple|reasonable|safe|easy|effective) (first |default )?(choice|default|way|option|starting point|means)s?|sensible defaults?|it is possible|further research|remains? to be (tested|seen|shown|determined|established|explored|investigated|evaluated)|(is|are|remains?) (unclear|unknown|untested)|(has|have) yet to be|not yet been|(we|I) hope to|(will|would) probably|(is|are) likely to (improve|help|increase|reduce|benefit|raise|boost)|(may|might) (wish|want) to|(is|are) advised to|(longer-term|long-term|next|future|eventual|ultimate|further) (aims?|goals?|plans?|steps?|ambitions?) (is|are|will be) to|(are|is|am) (also |still |currently |now )?(discussing|considering|debating|weighing|deciding) whether)\b`,
  "i",
);

// A modal in a purpose clause states what a step was for, not a guess: "collected in every season so that the
// model would cope with snow", "in order that the detector could run on the recorder".
// A comparison is no modal either: "… more variety than the photos alone could provide".
const PURPOSE_MODAL = /\b(so that|in order that|such that|than)\s+((?:[\w-]+\s+){0,4}?)(?:could|would|might|may)\b/gi;

// Nor is a modal in a comment on what was done ("… made available at https://…, which could be useful for
// teaching"), or a past inability ("stopped where the validation accuracy could not be improved").
const COMMENT_MODAL = /(,\s*(?:which|as this|as it)\s+(?:[\w-]+\s+){0,3}?)(?:could|would|might|may)\b/gi;
// A question states nothing: "Second, can such a network run on board the aircraft?"
const COMMENT_CLAUSE = /,\s*which\b[^,;]*/g;
const ASKS = /\?["')\]]?\s*$/;
const PAST_INABILITY = /\b(?:could|would) not\b/gi;
// "It should be noted that all models were implemented in PyTorch": a remark on what was done, not advice.
const REMARK_MODAL =
  /\b(?:it )?should be (?:noted|mentioned|stressed|emphasi[sz]ed|pointed out|remembered|borne in mind) that\b/gi;

/**
 * Whether `text` speculates (HEDGE), leaving out the modals of purpose clauses, of comments and of past
 * inability (rewritten only when needed).
 */
function speculates(text: string): boolean {
  if (ASKS.test(text)) return true;
  return (
    HEDGE.test(text) &&
    HEDGE.test(
      text
        .replace(PURPOSE_MODAL, "$1 $2")
        .replace(COMMENT_MODAL, "$1")
        .replace(PAST_INABILITY, "did not")
        .replace(REMARK_MODAL, "note that"),
    )
  );
}

/**
 * Splits the document into sentences with section, page and other-work/hedge flags.
 * References are dropped; an empty section map means the whole text is body.
 */
export function buildDocContext(document: Document): DocContext {
  const sentences: SentenceInfo[] = [];
  const ranges = bodyRanges(document);
  const titleKey = letterKey(document.title);
  for (const range of ranges) {
    const spans = splitLabelLines(
      document.text,
      joinBrokenLines(document.text, splitSentences(document.text, range.start, range.end)),
    );
    for (const span of withHeadings(document.text, cutAtCaptions(document.text, spans))) {
      const text = document.text.slice(span.start, span.end);
      const own = span.quoteStart === undefined ? text : document.text.slice(span.quoteStart, span.end);
      const looksEntry = isReferenceEntry(text);
      const groupsOnly = looksEntry && onlyCitationGroupsLookCited(text);
      // A statement of where the study's own data came from leans on its sources' citations without reporting them.
      const entry = looksEntry && !(groupsOnly && takesDataFromSources(text));
      const sourced = entry && groupsOnly;
      const page = pageAt(document, span.start);
      const nonProse =
        span.caption === true ||
        isNonProse(text) ||
        isOwnTitle(text, titleKey) ||
        isFrontMatterLine(text, range.kind === "front" && page <= 2);
      sentences.push({
        start: span.start,
        end: span.end,
        text,
        section: range.kind,
        page,
        otherWork: isOtherWork(text),
        cited: (entry && !sourced) || isTitleOrKeywords(text) || nonProse,
        nonProse,
        sourced,
        heading: HEADING.test(own) && !STATEMENT.test(own),
        hedged: speculates(text),
        own: OWN.test(text),
        ...(span.quoteStart === undefined ? {} : { quoteStart: span.quoteStart }),
      });
    }
  }
  markTitlesAfterAuthorLines(sentences);
  carryAttribution(document.text, sentences, relatedWorkRanges(document));
  const review = presentsAsReview(sentences, document.title);
  // What a review describes is other people's work, however it is phrased.
  if (review) for (const s of sentences) s.otherWork = true;
  // What a study protocol says it will do has not been done yet; what it did already (a pilot) is told in the past.
  if (MAY_BE_PROTOCOL.test(document.text) && presentsAsProtocol(sentences, document.title))
    for (const s of sentences) if (PLANNED.test(s.text)) s.planned = true;
  return { document, sentences, review };
}

// Sentences that go on about another group's work without naming it again: "The developers partitioned the
// images by camera location. Training used AdamW with a learning rate of 3e-4. It ran for 120 epochs on eight A100
// GPUs." A sentence of the study itself ("we", "our", "here", "in this study") or a new paragraph ends the run.
const CARRY = 2;
// A sentence that announces a summary of someone else's work ("For completeness we summarise how the developers
// trained the network", "Below I outline what Ortega et al. did") speaks for the rest of its paragraph.
const CARRY_FRAMED = 12;
const FRAMES_OTHERS =
  /\b(?:we|I) (?:briefly |first |only )?(?:summari[sz]e|describe|recap(?:itulate)?|outline|restate)\b[^.;]{0,40}?\b(?:how|what)\b[^.;]{0,30}?\b(?:(?:the|its|their) (?:original )?(?:developers|creators|designers|maintainers|authors)|[A-Z][\p{L}'-]+ (?:et al\.?|and [A-Z][\p{L}'-]+|& [A-Z][\p{L}'-]+))/u;
const BACK_TO_STUDY =
  /^(?:Here|Instead|In contrast|By contrast|Unlike|In this|In the present|For (?:this|our|the present)|For each|Our|We)\b/;

/** True when a sentence names another actor as the one who did what it says (not merely cites a source). */
function namesOtherActor(text: string): boolean {
  return (
    OTHER_SUBJECT.test(text) ||
    CITED_SUBJECT.test(text) ||
    OTHER_REFERENT.test(text) ||
    OTHERS_NAMED.test(firstClause(text)) ||
    OWN_EARLIER_WORK.test(text)
  );
}

// A heading that is a citation ("4.2.3 Haddad et al. (2021)", "Lindqvist and Ortega, 2020"): a related-work
// section that gives each earlier study a heading of its own. What follows it, up to the next heading, is that
// study's, unless the paper speaks for itself ("we", "our").
const CITATION_HEADING =
  /^(?:[\d.]+\s+)?[A-Z][\p{L}'’-]+(?: et al\.?| and [A-Z][\p{L}'’-]+| & [A-Z][\p{L}'’-]+)?,? \(?(?:19|20)\d\d[a-z]?\)?\s*$/u;

/** The next heading (numbered, or a short line without a final stop) or section ends a part headed by a citation. */
function endsCitedPart(next: SentenceInfo, head: SentenceInfo): boolean {
  const text = next.text.trim();
  return next.heading || next.section !== head.section || (!/[.!?:]$/.test(text) && text.split(/\s+/).length <= 8);
}

// A section that says in its heading that it reviews earlier work ("2 Related work", "Literature review").
const RELATED_WORK_HEADING =
  /\b(?:related (?:work|works|studies|research|literature)|literature review|review of (?:the )?literature|previous (?:work|studies|research)|prior (?:work|studies)|state of the art)\b/i;

function relatedWorkRanges(document: Document): { start: number; end: number }[] {
  return document.sections.filter((s) => RELATED_WORK_HEADING.test(s.heading));
}

function carryAttribution(
  text: string,
  sentences: SentenceInfo[],
  relatedWork: { start: number; end: number }[] = [],
): void {
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i];
    if (CITATION_HEADING.test(s.text.trim())) {
      for (let j = i + 1; j < sentences.length && !endsCitedPart(sentences[j], s); j++)
        if (!sentences[j].own) sentences[j].otherWork = true;
      continue;
    }
    const framed = FRAMES_OTHERS.test(s.text);
    if (framed) s.otherWork = true;
    else if (!s.otherWork || s.own || !namesOtherActor(s.text)) continue;
    // In a related-work section a paragraph that opens on another group's work is about that work to its end.
    const inRelatedWork = relatedWork.some((r) => s.start >= r.start && s.start < r.end);
    const reach = framed || inRelatedWork ? CARRY_FRAMED : CARRY;
    for (let j = i + 1; j <= i + reach && j < sentences.length; j++) {
      const next = sentences[j];
      const gap = text.slice(sentences[j - 1].end, next.start);
      if (/\n\s*\n/.test(gap) || next.section !== s.section || next.heading || next.own) break;
      // A hedge speaks of what could be done (here or in future), not of what the others did.
      if (next.hedged || BACK_TO_STUDY.test(next.text)) break;
      next.otherWork = true;
    }
  }
}

// A study protocol speaking of itself: "This Stage 1 Registered Report sets out…", "this study protocol describes…".
const SELF_PROTOCOL =
  /\b(?:this|the present|our) (?:Stage[- ]1 )?registered report\b|\bStage[- ]1 (?:registered report|protocol|manuscript|submission)\b|\b(?:this|the present) (?:study |trial |research )?protocol (?:describes|sets out|presents|outlines|details|reports|specifies)\b|\b(?:this|our) pre-?registered (?:protocol|analysis plan)\b/i;
/** One pass over the text before the sentence-by-sentence test: most papers never say "protocol". */
const MAY_BE_PROTOCOL = /protocol|registered report/i;
const STAGE_ONE = /\bStage[- ]1 (?:registered report|protocol)\b/i;
const PROTOCOL_TITLE =
  /\bregistered report\b|\bstudy protocol\b|[:—–-]\s*(?:a )?(?:study |research )?protocol\s*$|^(?:a )?protocol for\b/i;
// The future of a plan: "Models will be trained with AdamW", "Sites will be split 70/15/15", "H1: accuracy will be
// lower on riparian sites", "Planned workflow …". In a protocol every "will" is a plan or a hypothesis.
const PLANNED = /\bwill\b|\bplanned\b|\bto be (?:\w+ed|\w+en)\b/i;

/** True when the paper calls itself a Stage 1 registered report, or a study protocol twice (or in its title and once). */
export function presentsAsProtocol(sentences: SentenceInfo[], title = ""): boolean {
  let n = PROTOCOL_TITLE.test(title.trim()) ? 1 : 0;
  // A Stage 1 registered report names itself so only once, and nothing else is called that.
  if (sentences.some((s) => !s.cited && STAGE_ONE.test(s.text))) return true;
  for (const s of sentences) if (!s.cited && SELF_PROTOCOL.test(s.text) && ++n >= 2) return true;
  return false;
}

// "this review focuses on…", "our survey of the literature", "we review…", "In this commentary we argue…": the paper
// speaking of itself as a review or another article without a study of its own ("for a review of …" cites someone
// else's; "this survey covered 30 transects" is fieldwork; "from our perspective" is a phrase). Also "This article
// presents no new data", "No data were generated or analysed for this article".
const SELF_REVIEW =
  /\b(?:this|the present|the current|our) (?:(?:systematic|scoping|literature|narrative|critical|comprehensive) )?(?:review|overview)\b|\b(?:this|the present|the current) (?:commentary|viewpoint|perspective|opinion piece|opinion article|essay|editorial|tutorial|primer)\b|\bour (?:commentary|editorial|tutorial)\b|\b(?:this|the present|our) (?:literature )?survey (?:of|on) (?:the )?(?:literature|methods|approaches|techniques|research|studies|state)|\bwe (?:systematically )?(?:review|reviewed) (?:the |recent |published |peer-reviewed )*(?:literature|studies|publications|papers|research|work)\b|\bwe review\b|\b(?:presents|reports|contains|includes) no (?:new|original) (?:data|experiments|analyses|results|models?)\b|\bno (?:new )?(?:data|datasets) were (?:generated|collected)(?: or analy[sz]ed)? (?:for|in|during) this (?:article|paper|commentary|editorial|piece)\b/i;
const GENRES = "review|survey|overview|commentary|viewpoint|perspective|opinion|essay|editorial|tutorial|primer";
// A title that names the paper's genre: "Deep learning for fisheries monitoring: a review", "A systematic review
// of …", "… : a perspective", "Introduction to the special issue", "A practical guide to …".
const REVIEW_TITLE = new RegExp(
  String.raw`^(?:an? )?(?:(?:systematic|scoping|literature|critical|comprehensive|narrative) )?(?:review|survey|overview) of\b|[:—–-]\s*(?:an? )?(?:(?:systematic|scoping|literature|critical|comprehensive|narrative|short|brief|practical) )?(?:${GENRES}|guide|introduction to the special issue)(?: of [^:]*)?\s*$|\bintroduction to the special issue\b|^(?:an? )?(?:practical |short |brief )?(?:guide|primer|tutorial) (?:to|for|on)\b`,
  "i",
);
// The organisers' report of a challenge or shared task ("Overview of the … 2024 challenge", "Results of the … shared
// task") describes the challenge's own data, split, metric and baseline: a study of its own, not a review.
const CHALLENGE_REPORT =
  /^(?=.*\b(?:overview|report|summary|results|findings|outcomes)\b)(?=.*\b(?:challenge|competition|shared[- ]task|contest|evaluation campaign|hackathon|CLEF|DCASE|SemEval|TREC)\b)/i;
// The genre printed above the title ("COMMENTARY", "Perspective", "Review Article"), read as a line of its own.
const GENRE_LINE = new RegExp(`^(?:${GENRES})(?: article| piece)?$`, "i");

/**
 * True when the paper calls itself a review, survey, commentary, perspective, editorial or tutorial twice: in two of
 * its own sentences, or in its title (or the genre line above it) and one sentence. Such an article has no study of
 * its own to report on.
 */
export function presentsAsReview(sentences: SentenceInfo[], title = ""): boolean {
  if (CHALLENGE_REPORT.test(title)) return false;
  let n = REVIEW_TITLE.test(title.trim()) || GENRE_LINE.test(title.trim()) ? 1 : 0;
  if (n === 0 && sentences.slice(0, 5).some((s) => GENRE_LINE.test(s.text.trim()))) n = 1;
  for (const s of sentences) if (!s.cited && SELF_REVIEW.test(s.text) && ++n >= 2) return true;
  return false;
}

// "Zhang, Q., Benveniste, A., 1992.", "Tabak, M.A., et al., 2019.": the author line of a bibliography
// entry, cut off from its title by the sentence splitter; "Intel, 2016.": the same for an organisation.
const AUTHOR_LINE_END = /(\b\p{Lu}\.|\bet al\.?),?\s*\(?(19|20)\d\d[a-z]?\)?\.\s*$/u;
const ORGANISATION_LINE = /^\p{Lu}[\p{L}\d&.'-]*(?: [\p{L}\d&.'-]+){0,4},\s*\(?(19|20)\d\d[a-z]?\)?\.\s*$/u;
const isAuthorLine = (s: SentenceInfo) =>
  (s.cited && !s.sourced && AUTHOR_LINE_END.test(s.text)) ||
  (ORGANISATION_LINE.test(s.text) && !STATEMENT.test(s.text));

/**
 * A bibliography entry that the splitter cut into pieces ("Zhang, Q., Benveniste, A., 1992." /
 * "Wavelet networks." / "IEEE Trans. …") leaves its title looking like a sentence of the body; in text
 * without a references heading (retrieved chunks, pages out of order) it would count as evidence. A
 * piece right after an author line that states nothing (no verb such as was/is/have, no "we") is the
 * entry's title.
 */
function markTitlesAfterAuthorLines(sentences: SentenceInfo[]): void {
  for (let i = 1; i < sentences.length; i++) {
    const prev = sentences[i - 1];
    const s = sentences[i];
    if (s.cited || s.text.length > 300 || STATEMENT.test(s.text) || !isAuthorLine(prev)) continue;
    s.cited = true;
  }
}

/**
 * Rejoins a sentence that a blank line cut in two ("Source code is available" / "from http…"):
 * PDF extractions of two-column pages often put a blank line after every printed line, and the
 * splitter treats blank lines as sentence ends. A piece that opens in lower case after a piece
 * without final punctuation continues it, unless either piece is a fragment (see isFragment): an index
 * of an equation ("(k)", "j j=1"), an arXiv stamp or a table footnote ("a Trained with …") is not glued into the sentence.
 */
function joinBrokenLines(text: string, spans: { start: number; end: number }[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const span of spans) {
    const prev = out[out.length - 1];
    if (
      prev &&
      span.end - prev.start < 600 &&
      /^[a-z(]/.test(text.slice(span.start, span.start + 1)) &&
      !/[.!?:;]["')\]]?\s*$/.test(text.slice(prev.start, prev.end)) &&
      /^\s*$/.test(text.slice(prev.end, span.start)) &&
      !isFragment(text.slice(span.start, span.end)) &&
      !isTableFootnote(text.slice(span.start, span.end)) &&
      !isFragment(text.slice(prev.start, prev.end))
    ) {
      prev.end = span.end;
      continue;
    }
    out.push({ start: span.start, end: span.end });
  }
  return out;
}

// A line of a settings list: "Optimiser: SGD with Nesterov momentum 0.9", "Batch size: 8", "Data augmentation: none".
const LABEL_LINE = /^[A-Z][^:\n.!?]{0,40}:[ \t]+\S/;

/**
 * Splits a run of "Label: value" lines (a settings list, a table of settings written as text, the fields of
 * working notes) into one sentence per line: without final stops the splitter reads the list as one sentence, in
 * which each setting is lost among the others. Two such lines in a span make it a list.
 */
function splitLabelLines(text: string, spans: { start: number; end: number }[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const span of spans) {
    const piece = text.slice(span.start, span.end);
    if (!piece.includes("\n") || !piece.includes(":")) {
      out.push(span);
      continue;
    }
    const starts: number[] = [];
    for (const m of piece.matchAll(/(?:^|\n)[ \t]*/g)) {
      const at = (m.index ?? 0) + m[0].length;
      if (LABEL_LINE.test(piece.slice(at, at + 80))) starts.push(at);
    }
    if (starts.length < 2) {
      out.push(span);
      continue;
    }
    const cuts = [0, ...starts.filter((a) => a > 0), piece.length];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const raw = piece.slice(cuts[i], cuts[i + 1]);
      const trimmed = raw.trimEnd();
      if (trimmed.trim() === "") continue;
      const lead = raw.length - raw.trimStart().length;
      out.push({ start: span.start + cuts[i] + lead, end: span.start + cuts[i] + trimmed.length });
    }
  }
  return out;
}

// "B. Call annotation": a lettered subsection heading (IEEE style) standing as a sentence of its own.
const LETTERED_HEADING = /^[A-H]\.\s+\p{Lu}[^.!?:;\n]{0,70}$/u;

// A label run into the first sentence of its paragraph: "Abstract—We …", "Abstract: We …", and IEEE run-in
// headings "B. Call annotation: Two listeners …".
const RUN_IN_LABEL =
  /^(?:(?:Abstract|ABSTRACT|Summary|SUMMARY)\s*[—–:.]|[A-H]\.\s+\p{Lu}[^.!?:;\n]{0,60}:)\s*(?=\p{Lu})/u;

/**
 * Joins a lettered subsection heading that stands alone to the sentence below it, as context: cleaning puts
 * the heading on a line of its own, so that it is never quoted, but what it names ("A. Dataset overview") still
 * tells what the first sentence under it is about, as it did when reading order ran the two together. A label
 * run into its sentence ("Abstract—We …", "B. Call annotation: Two listeners …") is kept the same way: judged
 * with the sentence, never quoted.
 */
function withHeadings(
  text: string,
  spans: { start: number; end: number; caption?: boolean }[],
): { start: number; end: number; caption?: boolean; quoteStart?: number }[] {
  const out: { start: number; end: number; caption?: boolean; quoteStart?: number }[] = [];
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as { start: number; end: number; caption?: boolean };
    const next = spans[i + 1];
    const piece = text.slice(span.start, span.end);
    if (
      next !== undefined &&
      !span.caption &&
      !next.caption &&
      LETTERED_HEADING.test(piece) &&
      !STATEMENT.test(piece) &&
      /^\s*$/.test(text.slice(span.end, next.start)) &&
      /^\p{Lu}/u.test(text.slice(next.start, next.start + 1))
    ) {
      out.push({ start: span.start, end: next.end, quoteStart: next.start });
      i++;
      continue;
    }
    const runIn = span.caption ? null : RUN_IN_LABEL.exec(piece);
    if (runIn && runIn[0].length < piece.length) {
      out.push({ ...span, quoteStart: span.start + runIn[0].length });
      continue;
    }
    out.push(span);
  }
  return out;
}

// "arXiv:2101.01234v2 [cs.CV] 3 Jan 2021": the identifier arXiv prints in the margin of page 1.
const ARXIV_STAMP = /^arXiv:\d{4}\.\d{4,5}(?:v\d+)?\s*\[[\w.-]+\]\s*\d{1,2}\s*\p{L}{3,9}\.?\s*\d{4}$/u;

// The end of a displayed equation: its number, "(14)", after a few symbols and no function word ("g∈G infer (14)";
// not "as given in Eq. (3)").
const EQUATION_NUMBER_END = /^[^.!?]{0,40}\(\d{1,3}\)$/;

// An operator or relation sign of a typeset equation.
const EQUATION_SIGN = /[=+×·∑∏∫√∂∇≤≥≈≠∈∝⊙⊗←→]/u;

/**
 * A piece that is no part of a sentence: an arXiv stamp, a footnote with an address ("1. Pond data: http://…"),
 * text that is not prose and holds the signs of an equation ("s = σ(w · x + b)"), a few characters that are not
 * prose (an index or exponent of an equation, "(k)", "j j=1"), the end of a displayed equation with its number
 * ("infer (14)"), or a lone symbol ("∗"). One capitalised word ("We", "The") opens a sentence.
 */
const isFragment = (piece: string): boolean =>
  ARXIV_STAMP.test(piece) ||
  FOOTNOTE.test(piece) ||
  (EQUATION_NUMBER_END.test(piece) && !hasFunctionWord(piece)) ||
  (piece.length <= 3 && !/[\p{L}\d]/u.test(piece)) ||
  ((piece.length <= 12 || EQUATION_SIGN.test(piece)) && !/^\p{Lu}\p{Ll}*$/u.test(piece) && isNonProse(piece));

function hasFunctionWord(text: string): boolean {
  FUNCTION_WORDS.lastIndex = 0;
  return FUNCTION_WORDS.test(text);
}

function bodyRanges(document: Document): { start: number; end: number; kind: SectionKind }[] {
  const text = document.text;
  if (document.sections.length === 0) return [{ start: 0, end: text.length, kind: "other" }];
  const sorted = [...document.sections].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number; kind: SectionKind }[] = [];
  if (sorted[0].start > 0) out.push({ start: 0, end: sorted[0].start, kind: "front" });
  for (const s of sorted) {
    if (s.end <= s.start) continue;
    if (SKIPPED.has(s.kind)) out.push(...proseInReferences(text, s.start, s.end));
    else out.push({ start: s.start, end: s.end, kind: s.kind });
  }
  return out;
}

const BIB_MARK =
  /\((19|20)\d\d[a-z]?\)|\b(19|20)\d\d[a-z]?[.;,)]|\b[A-Z]\.\s?(-?[A-Z]\.)?,|\bdoi\b|https?:\/\/doi|\bpp?\.\s?\d|\bvol\.|\bJ\.\s|\bProc\.|\bIn:|\d+\s?\(\d+\)[,:]\s?\d+|\bet al\.,/g;

/**
 * Long prose passages that a reference heading swallowed (text that is not in reading order,
 * such as retrieved chunks) are kept as body text; bibliography entries are not. Short blocks
 * are pooled until a passage is long enough to judge, because two-column extractions often put
 * a blank line after every printed line.
 */
function proseInReferences(
  text: string,
  start: number,
  end: number,
): { start: number; end: number; kind: SectionKind }[] {
  const out: { start: number; end: number; kind: SectionKind }[] = [];
  const para = /\n\s*\n/g;
  para.lastIndex = start;
  let from = start;
  let groupStart = start;
  const flush = (to: number) => {
    const block = text.slice(groupStart, to);
    const marks = block.match(BIB_MARK)?.length ?? 0;
    if (block.length >= 400 && marks / (block.length / 400) < 1.2)
      out.push({ start: groupStart, end: to, kind: "other" });
  };
  for (;;) {
    const m = para.exec(text);
    const to = m && m.index < end ? m.index : end;
    if (to - groupStart >= 400) {
      flush(to);
      groupStart = m && m.index < end ? m.index + m[0].length : end;
    }
    if (!m || m.index >= end) break;
    from = m.index + m[0].length;
  }
  if (groupStart < end && from <= end) flush(end);
  return out;
}

// Words that running prose can hardly do without; figure labels, table rows and equations lack them.
const FUNCTION_WORD =
  /^(?:the|a|an|of|and|or|to|in|on|for|with|by|from|as|at|is|are|was|were|be|been|we|our|this|that|these|which|it|its|into|than|not|each|using|used)$/i;
// The same words found in running text (not "a", which also names variables and table rows).
const FUNCTION_WORDS = new RegExp(
  `(?<![\\p{L}.])(?:${FUNCTION_WORD.source.slice(4, -2).replace(/^the\|a\|/, "the|")})(?![\\p{L}.])`,
  "giu",
);
// A word of prose: letters (maybe hyphenated), starting lower case, at least three letters long.
const PROSE_WORD = /^[(“"']?\p{Ll}[\p{Ll}-]{2,}[)”"',.;:]*$/u;
// Operators and bracket pieces of typeset equations.
const MATH = /[=+×÷±∑∏∫√∂∇≤≥≈≠∈∝⊙⊗⎛⎞⎜⎟⎝⎠→←]|(?<=\s)[-−–](?=\s)/gu;
const URL = /(?:https?:\/\/|www\.)\S+/;

/**
 * True for a "sentence" that is not prose: the cells of a table row, the labels and ticks of a figure,
 * an equation. Such text holds words that cue questions ("Adam", "epochs") without saying anything.
 * Judged on its tokens: hardly any letters; with at most one function word (the, of, was, we…),
 * mostly numbers, or a long run of labels with few lower-case words ("SAR Images SAR Model INPUT
 * ENCODER …"), or many one-character tokens or operators (equations, axis ticks).
 *
 * @example isNonProse("0.82 0.79 0.91 0.88 0.75") // true
 * @example isNonProse("We trained the network with Adam.") // false
 */
const TABLE_BAR = /\s\|\s/g;
const TABLE_RULE = /\|\s*:?-{3,}:?\s*\|/;

export function isNonProse(text: string): boolean {
  if (text.length < 8) return isBareLabel(text);
  if (hasEquationRun(text) || isLabelList(text) || opensWithLabels(text) || isLabelChain(text)) return true;
  // The rows of a table written with bars ("Model | NSE | KGE", "Learning rate | 1e-4"): three bars, or a
  // row of dashes under a header, are never prose.
  if ((text.match(TABLE_BAR)?.length ?? 0) >= 3 || TABLE_RULE.test(text)) return true;
  // A labelled setting that ends as a sentence ends ("Optimiser: AdamW (β1 = 0.9, β2 = 0.999).") is a statement of
  // the study, however few words of prose it has.
  if ((SETTING_LABEL.test(text) || SHORT_LABEL.test(text)) && /[.!?]["')\]]*$/.test(text)) return false;
  if (ALIGNED_SETTING.test(text)) return false;
  // Fast path: nearly every sentence of prose has two function words (checked on the whole text first).
  FUNCTION_WORDS.lastIndex = 0;
  if (FUNCTION_WORDS.test(text) && FUNCTION_WORDS.test(text)) return false;
  // A footnote or a line that gives a web address is kept whatever else it holds.
  if (URL.test(text)) return false;
  const plain = text;
  const tokens = plain.split(/\s+/).filter((t) => t !== "");
  if (tokens.length < 4) return isBareLabel(plain);
  const letters = plain.replace(/[^\p{L}]/gu, "").length;
  const visible = plain.replace(/\s/g, "").length;
  if (letters < 0.25 * visible) return true;
  const functionWords = tokens.filter((t) => FUNCTION_WORD.test(t.replace(/[^\p{L}]/gu, ""))).length;
  if (functionWords >= 2) return false;
  const n = tokens.length;
  const prose = tokens.filter((t) => PROSE_WORD.test(t)).length / n;
  const numeric = tokens.filter((t) => /^[([]?[-−+]?[\d.,:%/()±]+[)\]]?[,;]?$/u.test(t)).length / n;
  const short = tokens.filter((t) => t.replace(/[^\p{L}\d]/gu, "").length <= 1).length / n;
  const math = plain.match(MATH)?.length ?? 0;
  // A labelled line of settings ("Seeds: 7, 13 and 21.") is mostly numbers and still a statement.
  if (numeric >= 0.5) return !SETTING_LABEL.test(plain);
  // Figure labels, table cells, column heads and unnumbered headings: a few names, at most one function word
  // ("Number of Calls Test Set", "Call Detection and Counting"), no other word of prose, nothing that ends a
  // sentence.
  const content = tokens.filter((t) => PROSE_WORD.test(t) && !FUNCTION_WORD.test(t.replace(/[^\p{L}]/gu, ""))).length;
  if (functionWords <= 1 && content === 0 && !/[.!?:]$/.test(plain)) return true;
  if (functionWords === 0 && n >= 8 && prose < 0.3) return true;
  // A long run without a single function word: the row labels of a table or the boxes of a diagram.
  if (functionWords === 0 && n >= 15) return true;
  if (n >= 10 && prose < 0.15) return true;
  if (n >= 5 && short >= 0.45 && prose < 0.4) return true;
  return math >= 3 && prose < 0.4;
}

// Capitalised tokens in a row, without a function word between them, that open a "sentence": the boxes of a
// diagram read one after another ("Data Cleaning Toolkit Archive Data Augmentation Name: …").
const LABEL_RUN = 6;

function opensWithLabels(text: string): boolean {
  const tokens = text.split(/\s+/, LABEL_RUN);
  return (
    tokens.length === LABEL_RUN &&
    tokens.every((t) => /^\p{Lu}[\p{L}\d-]*:?$/u.test(t) && !FUNCTION_WORD.test(t.replace(/[^\p{L}]/gu, "")))
  );
}

/**
 * Three or more short pieces, each on a line of its own, that never come to the end of a sentence: the labels of
 * a figure read one after another ("Leaf Lesions" / "rust spots on the upper side of" / "spores spread by wind
 * rain"), which the lower-case starts of the pieces joined into one "sentence". Lines of text broken at a
 * hyphen are lines of a column of prose (two columns read line by line), not labels.
 */
function isLabelChain(text: string): boolean {
  if (/[.!?:;)\]"”’]$/.test(text)) return false;
  const pieces = text.split(/\n\s*\n/);
  // Lines of prose columns break words at their ends ("indi-" / "vidually"); figure labels do not.
  return pieces.length >= 3 && pieces.every((p) => p.trim().length <= 70 && !/-$/.test(p.trim()));
}

/**
 * Three or more bulleted labels run together, none a sentence: the options of a questionnaire or the boxes of a
 * diagram ("• Precision farming (PF) • Crop robotics • I do not know"). A bulleted statement ends with a stop.
 */
function isLabelList(text: string): boolean {
  if (!/[•▪●■]/.test(text)) return false;
  const items = text
    .split(/[•▪●■]/)
    .map((t) => t.trim())
    .filter((t) => t !== "");
  return items.length >= 3 && items.every((t) => t.split(/\s+/).length <= 6 && !/[.!?]["')\]]*$/.test(t));
}

/**
 * One to three tokens without a word of prose and without an end of sentence: a table cell, a column head,
 * an axis or box label ("Epochs", "MAE =", "Pond Depth", "Seed Drill Model"). "Adam optimizer" has a
 * word of prose; "We did." ends a sentence; a line with a web address is a footnote; a long run of letters is
 * prose that the reader glued together without spaces.
 */
function isBareLabel(text: string): boolean {
  if (text.length > 60 || !/\p{L}/u.test(text) || /[.!?]["')\]]?$/.test(text.trim()) || URL.test(text)) return false;
  const tokens = text.split(/\s+/).filter((t) => t !== "");
  return tokens.length >= 1 && tokens.length < 4 && !tokens.some((t) => PROSE_WORD.test(t));
}

// A typeset equation pasted into a sentence ("… component plane: P γ g(r, c) · Φ(r, c) (r,c) aj = P , …"): a run
// of six tokens, each an operator or a symbol of at most two letters and no digit. Numbers end a run, so settings
// ("β1 = 0.9, β2 = 0.999") and sizes ("224 × 224") are not equations.
const EQUATION_HINT = /[=+×·∑∏∫√∂∇≤≥≈≠∈∝⊙⊗\u0370-\u03FF]/u;
const EQUATION_RUN = 6;

function hasEquationRun(text: string): boolean {
  if (!EQUATION_HINT.test(text)) return false;
  let run = 0;
  for (const token of text.split(/\s+/)) {
    const letters = token.replace(/[^\p{L}]/gu, "").length;
    const symbol = token !== "" && letters <= 2 && !/\d/.test(token);
    run = symbol ? run + 1 : 0;
    if (run >= EQUATION_RUN) return true;
  }
  return false;
}

/** Letters and digits only, lower case: compares titles whatever their spacing, case or punctuation. */
const letterKey = (text: string): string => text.toLowerCase().replace(/[^\p{L}\d]/gu, "");

/** The paper's own title (or a line of it) standing as a sentence. */
function isOwnTitle(text: string, titleKey: string): boolean {
  if (titleKey.length < 15 || text.length > 3 * titleKey.length + 80) return false;
  // Cheap test first: the sentence's first letters occur in the title.
  if (!titleKey.includes(letterKey(text.slice(0, 24)).slice(0, 10))) return false;
  const key = letterKey(text);
  if (key.length < 15) return false;
  return titleKey.includes(key) || (key.includes(titleKey) && key.length <= titleKey.length + 40);
}

// A domain ends in letters: "mAP@0.5", "AP@50" and "Recall@10" are metrics, not addresses.
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b/g;
const AFFILIATION_WORD =
  /\b(?:university|universidad|universit[éà]|department|dept\.|institute|instituto|laboratory|faculty|school of|college|centre|center|academy|hospital)\b/gi;

/**
 * An author, affiliation, e-mail or correspondence line (affiliations and author lists only in the front
 * matter of the first pages): "Department of Biology,
 * University of X, City, Country", "E-mail: a@b.org", "A. Smith1 (a@b.org) B. Jones2". It states
 * nothing (no "we", no was/is/were), but may hold cue words such as a country or "data".
 */
function isFrontMatterLine(text: string, frontPage: boolean): boolean {
  if (STATEMENT.test(text) && !/^(?:e-?mail|correspondence|corresponding author)\b/i.test(text)) return false;
  const emails = text.match(EMAIL)?.length ?? 0;
  if (emails > 0 && (emails >= 2 || text.length < 200)) return true;
  if (/^(?:correspondence|corresponding author|e-?mail|present address|affiliations?)\b/i.test(text)) return true;
  if (!frontPage) return false;
  const affiliation = text.match(AFFILIATION_WORD)?.length ?? 0;
  const commas = text.match(/,/g)?.length ?? 0;
  return (affiliation >= 1 && commas >= 2 && text.length < 400) || (text.length < 300 && isAuthorList(text));
}

/** "A. Smith, B. Jones and C. Lee": names separated by commas, and nothing else. */
function isAuthorList(text: string): boolean {
  const parts = text
    .replace(/[\d*†‡§⁎]+/g, "")
    .split(/,\s*|\s+and\s+|\s*&\s*|\s*\|\s*/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length < 2) return false;
  const name = /^(?:\p{Lu}[\p{L}.'’-]*\s?){1,4}$/u;
  return parts.filter((p) => name.test(p)).length / parts.length >= 0.8;
}

/** Page number (1-based) holding offset `at`; 1 when the page map is empty. */
export function pageAt(document: Document, at: number): number {
  for (const p of document.pages) if (at >= p.start && at < p.end) return p.page;
  const last = document.pages[document.pages.length - 1];
  return last && at >= last.end ? last.page : 1;
}

const WE = /\b(we|our)\b/i;
/** The text up to its first semicolon: the clause that says who did what. */
const firstClause = (text: string): string => text.split(/;\s/)[0];

/**
 * True when a sentence reports someone else's work: a named author as subject ("Smith et al.
 * trained…"), or citations that outweigh any first-person statement.
 */
export function isOtherWork(text: string): boolean {
  if (OWN_EARLIER_WORK.test(text)) return true;
  // Judged on the first clause: "…trained with Adam (Lee, 2022); we mention this only to describe the model".
  const first = firstClause(text);
  if ((OTHERS_NAMED.test(first) || EARLIER_SUBJECT.test(first) || OTHER_REFERENT.test(first)) && !WE.test(first))
    return true;
  if ((OTHER_SUBJECT.test(text) || CITED_SUBJECT.test(text)) && !WE.test(text)) return true;
  if (CHALLENGE_TEAMS.test(first) && !WE.test(first) && !BASELINE.test(first)) return true;
  // A generic remark in a relative clause ("…, which is commonly used for such tasks") qualifies what the study did.
  const claim = text.replace(COMMENT_CLAUSE, "");
  if (FIELD_STATEMENT.test(claim) && !OWN.test(text)) return true;
  // Numbered citations ("Adam [46]") usually credit a method the study uses, so only
  // author–year citations count towards "this sentence reports other work".
  const found = text.match(AUTHOR_YEAR) ?? [];
  const citations = found.filter((c) => !c.startsWith("[")).length;
  if (OWN.test(text)) return false;
  if ((citations >= 2 && !takesDataFromSources(text)) || OTHER_REFERENT.test(text)) return true;
  // A statement about the field or earlier work ("Class weights are widely used … [10, 11]") with a citation of
  // either kind: here a numbered one credits the claim, not a method the study uses.
  return found.length >= 1 && PREVIOUS.test(claim);
}

// "Coarse predictors were taken from the public ORCA-25 reanalysis (Halvorsen et al., 2019), and targets from the
// KESTREL-3 hindcast (Mbeki and Rousseau, 2020)": a sentence that opens by saying where data came from, in the
// simple past, is the study naming the sources of its own data, whatever number of them it credits. Data that
// earlier or other studies took are theirs.
const DATA_TAKEN_FROM =
  /^(?:[\w'’-]+ ){0,6}?(?:were|was) (?:\w+ly )?(?:taken|downloaded|obtained|retrieved|extracted|acquired|sourced|drawn|derived|compiled|accessed) (?:\w+ ){0,2}?from\b/i;
const OTHERS_DATA =
  /\b(?:earlier|previous|prior|past|other|those|their|these) (?:studies|study|work|works|surveys|projects|authors|papers)\b/i;

// The teams of a challenge as the ones who did it: "Most teams used AdamW", "seven teams used focal loss", "PyTorch was
// used by 13 teams", "the winning team reported …", "team FrogNet [15] converted …". A challenge report describes
// what its participants did; the organisers' own baseline is theirs (said with "we", "the baseline").
const CHALLENGE_TEAMS =
  /\b(?:(?:most|many|several|some|all|few|both|other|\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:of the )?(?:\d+ )?(?:participating |competing |registered |top[- ]ranked |top |best |winning |remaining )?(?:teams|submissions|competitors)|(?:most|many|several|some|all|few|the) (?:top[- ]ranked |top |best |winning |participating |submitted )(?:systems|solutions|entries)|the (?:winning|top[- ]ranked|best[- ]ranked|second[- ]placed|first[- ]placed|runner-up|participating) (?:team|system|submission|entry|solution)|(?:by|of) (?:the )?(?:\d+|most|many|several|some|all|few|two|three|four|five|six|seven|eight|nine|ten) (?:of the )?(?:participating |competing )?teams)\b|\bteam [A-Z][\w-]+ \[\d+\]/i;

const BASELINE = /\b(?:our|the organi[sz]ers'?|the official) baseline\b|^The baseline\b/;

function takesDataFromSources(text: string): boolean {
  return DATA_TAKEN_FROM.test(text) && !OTHERS_DATA.test(text) && !PREVIOUS.test(text);
}

// "Earlier seal counters have selected learning rates by Bayesian optimisation (7)", "Previous detectors had used
// …": a subject marked as earlier or other people's work, with what it has done.
const EARLIER_SUBJECT =
  /^(?:Earlier|Previous|Prior|Past|Existing|Other|Older) (?:[\w-]+ ){0,3}?(?:have|has|had) (?:\w+ly )?(?:[a-z]+ed|built|chosen|chose|shown|found|made|taken|set|run|done|given|drawn|split|written)\b/;

const ENTRY_START =
  /^(\[\d+\]|\d+\.\s+[A-Z])|^[A-Z][\p{L}'-]+,?\s([A-Z]\.\s?)+[,(]|^[A-Z][\p{L}'-]+ [A-Z]{1,3}( et al)?[.,]?\s\(?(19|20)\d\d|^[A-Z][\p{L}'&-]+( et al\.)?,\s(19|20)\d\d[a-z]?\.\s/u;

// "1. The audio is converted to mono…": an item of a numbered list that makes a statement, where a
// numbered bibliography entry starts with a surname and initials ("12. Smith, J.", "3. Lee JH,").
const NUMBERED_ITEM = /^\d{1,3}\.\s+[A-Z]/;
const NUMBERED_ENTRY = /^\d{1,3}\.\s+[A-Z][\p{L}'’-]+(,|\s[A-Z]{1,3}[,.\s])/u;
function isNumberedStatement(text: string): boolean {
  return NUMBERED_ITEM.test(text) && !NUMBERED_ENTRY.test(text) && STATEMENT.test(text);
}

// "3.1. Dataset", "2.3 Landsat Processing and Ancillary Data", "2.4Yield Measurement" (the reader lost the
// space after a dotted number): a numbered heading on its own; a numbered list item cut short ("1. The audio
// is converted to mono and resampled at") says something, so is not one.
// A lettered subsection heading ("B. Feature extraction", IEEE style) is one too.
const HEADING = /^\s*(?:\d{1,2}(\.\d{1,2}){0,3}\.?\s+|\d{1,2}(\.\d{1,2}){1,3}\.?|[A-H]\.\s+)[A-Z][^.!?:;]{0,70}$/;
const KEYWORDS = /^\s*(keywords?|key ?words|index terms)\b/i;
// "WorldClim 2: new 1-km climate surfaces…", "Facenet: a unified embedding…": a cited title; a labelled
// address ("Project page: https://…", "Code: www.…", "Repository: github.com/lab/pond models", whose underscores the
// PDF lost) is not one.
const TITLE_LEAD = /^[A-Z][\p{L}\d-]*( [\p{L}\d-]+){0,2}: [a-z]/u;
const LABELLED_ADDRESS =
  /:\s*(?:https?:\/\/|www\.|(?:github|gitlab|bitbucket)\.(?:com|org)\/)\S+(?:\s[\p{L}\d-]+){0,4}\s*$/u;
// "Augmentation: time shift, pitch shift, mixup.", "Optimiser: AdamW.": a line of settings under a
// methodology label (working notes, lists of settings), which says what the study did; not a cited title.
const SETTING_WORDS = String.raw`(?:training |test |evaluation )?data(?:\s?sets?| sources?)?|inputs?|labels?|labell?ing|annotations?|augmentations?|pre-?processing|post-?processing|splits?|data split|architecture|model|backbone|network|optimi[sz]ers?|optimi[sz]ation|stopping|early stopping|regulari[sz]ation|frameworks?|software|libraries|hardware|gpus?|compute|metrics?|evaluation|seeds?|random seeds?|task|loss|batch size|learning rate|epochs|hyper-?parameters|tuning|code|deployment|platform|sampling|recording|equipment|(?:initial |base |peak |max(?:imum)? )?(?:lr|learning rate)(?: schedule| decay| scheduler)?|weight decay|dropout(?: rate)?|momentum|class weights|(?:input|image|patch|tile) size|(?:mixed )?precision|(?:training|wall) time|scheduler|schedule|encoder|decoder|pre-?trained weights|initiali[sz]ation|activation|stopping criterion|patience`;
const SETTING_LABEL = new RegExp(String.raw`^(?:${SETTING_WORDS}):\s`, "i");
// The row of a settings table laid out with spaces, as cleaning keeps it: "Optimizer  AdamW", "GPU  1 x RTX A5000".
const ALIGNED_SETTING = new RegExp(String.raw`^(?:${SETTING_WORDS})  \S`, "i");
// A short label of a settings line, abbreviated as workshop notes write them ("HP sel.:", "Runs:", "Post-proc.:").
const SHORT_LABEL = new RegExp(
  String.raw`^(?!(?:Abbreviations|ABBREVIATIONS|Keywords|KEYWORDS|Key words|Nomenclature|Notation|Symbols|Acronyms)\b)${SHORT_LABEL_SOURCE}\s+\S`,
);
const STATEMENT = /\b(we|our|was|were|is|are|has|have|had)\b/i;
const MINOR_WORD = /^(a|an|the|of|for|and|or|in|on|to|with|by|from|at|via|using)$/i;

/**
 * True for a keyword list or a title (a cited paper's title, a Title Case heading with a subtitle):
 * text that names topics without saying what the study did.
 */
export function isTitleOrKeywords(text: string): boolean {
  if (KEYWORDS.test(text)) return true;
  if (STATEMENT.test(text) || LABELLED_ADDRESS.test(text) || SETTING_LABEL.test(text) || ALIGNED_SETTING.test(text))
    return false;
  if (TITLE_LEAD.test(text)) return true;
  if (!text.includes(":") || text.length > 160) return false;
  const words = text.split(/\s+/).filter((w) => /^\p{L}/u.test(w) && !MINOR_WORD.test(w));
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return words.length >= 4 && capitalised / words.length >= 0.75;
}

// "…chlorophyll content estimation[J]. Remote Sens.": the document-type tag of Chinese citation style
// (GB/T 7714: [J] journal, [M] book, [C] proceedings, [D] thesis, [EB/OL] web page).
const TYPE_TAG = /\[(?:J|M|C|D|EB\/OL|J\/OL)\]\s*[.,]/;

// "1. UCI Repository: http://archive.ics.uci.edu/ml/", "3 https://github.com/x/y": a footnote that gives
// an address. A numbered bibliography entry with a URL also has authors and a year (see isReferenceEntry).
const FOOTNOTE = /^(?:\d{1,2}\.?|[*†‡§])\s(?:[^\s:]+(?:\s[^\s:]+){0,5}:?\s)?(?:https?:\/\/|www\.)\S/;

/** True for a bibliography entry (or a piece of one) that lies outside a references section. */
export function isReferenceEntry(text: string): boolean {
  if (FOOTNOTE.test(text) && (text.match(BIB_MARK)?.length ?? 0) <= 1) return false;
  if (ENTRY_START.test(text) && !isNumberedStatement(text)) return true;
  if (TYPE_TAG.test(text)) return true;
  const marks = text.match(BIB_MARK)?.length ?? 0;
  return marks >= 3 && marks / Math.max(1, text.length / 120) >= 1;
}

// "(Abadi et al., 2015; Chollet, 2015)": an in-text citation group.
const CITATION_GROUP = /\((?:[^()]{0,80}?,\s?(?:19|20)\d\d[a-z]?(?:;\s?|(?=\))))+\)/g;

/**
 * True for a statement that only looks like a bibliography entry because of its in-text citation
 * groups ("a CNN was built with Keras (Abadi et al., 2015; Chollet, 2015)"). Such a sentence is
 * evidence where a question counts sentences that cite their sources (other work).
 */
export function isSourcedStatement(text: string): boolean {
  return isReferenceEntry(text) && onlyCitationGroupsLookCited(text);
}

function onlyCitationGroupsLookCited(text: string): boolean {
  const prose = text.replace(CITATION_GROUP, " ");
  return prose !== text && STATEMENT.test(prose) && !isReferenceEntry(prose);
}

// Longer than this, a "sentence" is usually lines glued together by a two-column extraction.
const RUN_ON = 300;
const HEDGE_REACH = 120;

/**
 * True when the match at [from, to) of a hedged sentence is itself speculative. In an ordinary
 * sentence any hedge word counts; in a run-on only one near the match (within its line or clause).
 */
export function isHedgedAt(text: string, from: number, to: number): boolean {
  if (text.length <= RUN_ON) return speculates(text);
  return speculates(clauseAround(text, from, to));
}

/** The match at [from, to) with up to HEDGE_REACH characters of its own line or clause on either side. */
function clauseAround(text: string, from: number, to: number): string {
  const before =
    text
      .slice(Math.max(0, from - HEDGE_REACH), from)
      .split(/\n\s*\n|[.;]\s/)
      .pop() ?? "";
  const after = text.slice(to, to + HEDGE_REACH).split(/\n\s*\n|[.;]\s/)[0] ?? "";
  return `${before} ${text.slice(from, to)} ${after}`;
}

// A step left for later: "… could be explored in a later version", "… is left for future work", "we plan to add …".
const FUTURE_STEP = new RegExp(
  String.raw`\b(?:could|might|may|should|would) (?:also |still |instead )?be (?:explored|investigated|tested|tried|considered|examined|added|studied|evaluated|addressed|adopted|introduced|incorporated)\b|\bin (?:a |the )?(?:later|future|subsequent|next|follow-up) (?:version|release|study|work|paper|stage|iteration)s?\b|\b(?:left|leave|deferred|postponed) (?:\w+ )?(?:for|to) (?:a )?(?:future|later|further|follow-up) (?:work|research|study|studies|version|release)\b|\b(?:plan|plans|planned|intend|intends|intended) to\b|\bwill be (?:made )?(?:publicly |freely |openly )?(?:released|deposited|shared|published|uploaded|made available)\b(?![^.]{0,100}(?:https?:\/\/|www\.|doi\.org|10\.\d{4}))|\b(?:upon|after|on) (?:acceptance|publication)\b|\b${AFTER_ACCEPTANCE}\b`,
  "i",
);

/** True when the match at [from, to) of a hedged sentence stands in a step left for later (FUTURE_STEP). */
export function isFutureStepAt(text: string, from: number, to: number): boolean {
  return FUTURE_STEP.test(clauseAround(text, from, to));
}

/** Evidence for a sentence (or a clause of it given by offsets). */
export function evidenceOf(ctx: DocContext, s: SentenceInfo, from = s.start, to = s.end): Evidence {
  // A heading the sentence carries as context is not quoted (see SentenceInfo.quoteStart).
  const start = s.quoteStart !== undefined && from < s.quoteStart ? s.quoteStart : from;
  const end = to > start ? to : s.end;
  const evidence: Evidence = { quote: ctx.document.text.slice(start, end), page: s.page, start, end };
  // A structured input without pages (JATS) is cited by its section instead.
  if (withoutPages(ctx.document)) {
    const heading = sectionAt(ctx.document.sections, start)?.heading;
    if (heading) evidence.section = heading;
  }
  return evidence;
}

/** True for a document read from a structured input that has no pages (JATS; TEI without coordinates). */
function withoutPages(document: Document): boolean {
  return (document.reader === "jats" || document.reader === "tei") && document.pageCount <= 1;
}

// Clause breaks: a negation only reaches to the edge of its clause.
// A purpose or result clause ("so that no species dominated", ", confirming that … is not …") holds its own
// negation: "undersampled so that no species …" is still undersampled.
const CLAUSE_BREAK =
  /[;:]|,\s(?:but|whereas|while|although|however|and then)\b|,\s(?:confirming|showing|indicating|suggesting|meaning|implying) that\b|\b(?:but|whereas|however)\b|\b(?:so that|such that|in order that)\b/g;
// A step switched off, disabled or set to zero is absent too ("the augmentation built into the library was switched
// off", "weight decay was set to zero"); one disabled only at test or inference time is not (NOT_NEGATION).
const NEGATION =
  /\b(not|no|never|without|neither|nor|none|cannot|unavailable|lack(s|ed|ing)?|absence of|did nothing|nothing was done|switched off|turned off|disabled|deactivated|inactive|set to (?:zero|false|none|0(?![.,]\d)))\b|n't\b/i;
// Not a negation of the statement: "not only", "No. 5", and the condition of a stopping or plateau rule
// ("after 15 epochs without improvement", "when the validation loss did not decrease for 10 epochs"), and
// a class and its absence named as two classes ("song and no song", "bird vs. no-bird"), and a contrast set off by
// commas ("Recordists, not clips, were divided …"), a compound noun or modifier ("no-data pixels", "the no-call class"),
// and a comparison that found nothing between two things, both of which are there ("no divergence between the
// validation and the training loss").
const NOT_NEGATION =
  /\bno-[a-z][\w-]*|\b(?:no|not any) (?:significant |notable |clear |large |marked |obvious )?(?:difference|divergence|gap|discrepancy|correlation|trade-off)s? (?:between|among|in|of)\b|\b(?:disabled|switched off|turned off|deactivated|inactive) (?:at|during|for|in) (?:test|inference|evaluation|prediction|testing|deployment)\b|\bnot only\b|\bno\.\s|\bno longer\b|\bnot\s+(significantly|necessarily)\b|\b(?:without|no|not|(?:did|does|do|has|had|have)\s?n[o']t)\s+(?:any\s+|further\s+|an?\s+|more\s+)?(?:(?:validation|significant|meaningful|substantial)\s+)?(?:improv\w*|decreas\w*|increas\w*|reduc\w*|progress|gain)\b|\b(?:never|no (?:\w+ ){0,2}?)(?:appears?|occurs?|overlaps?|contributed|contributes) (?:in|to) (?:both|two|more than one)\b|\b(?<cls>\w+) (?:and|or|vs\.?|versus|from) no[- ]\k<cls>\b|,\s*not\s+[\w-]+(?:\s+[\w-]+)?\s*,/gi;

// What a sentence sets the study against: "Unlike fine-tuned classifiers, which rely on dropout or early stopping,
// the prompting approach has no trainable parameters"; "Noise injection has been proposed for such series (Marchetti
// and Ole, 2021), but no augmentation was applied in this study".
const CONTRAST_LEAD =
  /^(?:Unlike|In contrast to|Contrary to|As opposed to)\b[^,;]*(?:,\s*(?:which|who|where)\b[^,;]*)?,/i;
const OTHERS_THEN_BUT =
  /^[^;]*?\b(?:have|has) been (?:widely |commonly |successfully |often |previously |also )?(?:proposed|used|applied|suggested|recommended|reported|described|tried|adopted)\b[^;]*?,\s*(?:but|yet|whereas|while)\b/i;

/**
 * Where the part of a sentence that names what the study is set against ends (an "Unlike …," lead, others'
 * practice before ", but", or another actor's clause before "; we"): a match ending at or before it is not the
 * study's, whatever the signal. -1 when none.
 */
export function contrastLeadEnd(text: string): number {
  const lead = CONTRAST_LEAD.exec(text) ?? (text.includes(" been ") ? OTHERS_THEN_BUT.exec(text) : null);
  if (lead !== null) return lead[0].length;
  // "Halvorsen et al. chose these values by random search; we did not repeat that search", "Lee et al. (2021) used
  // Adam, whereas we used SGD": a first clause that names another actor, before the clause where the study speaks.
  // ("… used Adam; we did the same" follows them, and keeps their clause.)
  const turn = THEN_WE.exec(text);
  if (turn === null || SAME_AS_THEM.test(text.slice(turn.index, turn.index + 60))) return -1;
  return namesOtherActor(text.slice(0, turn.index)) ? turn.index : -1;
}
const THEN_WE = /;\s+(?:we|our|here)\b|,\s+(?:but|whereas|while)\s+(?:we|our|here)\b/i;
const SAME_AS_THEM =
  /\b(?:the same|likewise|similarly|as well|too|also (?:used|did|applied|followed)|followed (?:them|this|their|that))\b/i;

// "The learning rate and batch size are listed in Supplementary Table 4", "Stopping criteria are reported in
// Supplementary Note 4": where settings can be found, with no value of its own (no number but a table's, note's or
// section's).
const DEFERRAL =
  /^(?!.*(?<![STA]|Table |Text |Note |Notes |Section |Sect\. |Fig\. |Figure |Methods )\d)(?=.*\b(?:Supplementary|Supporting|Online|Table S|Text S|Appendix)).*\b(?:are|is|were|was) (?:listed|given|reported|provided|described|detailed|summari[sz]ed|documented|tabulated)\b/i;
const MAY_DEFER = /Supplement|Supporting|Online|Table S|Text S|Appendix/i;

/** True for a sentence that only says where settings are listed (in a supplement or appendix), not what they are. */
export function defersToSupplement(text: string): boolean {
  return MAY_DEFER.test(text) && DEFERRAL.test(text);
}

/** True when the match at [from, to) of `text` lies inside a negated clause. */
export function isNegatedAt(text: string, from: number, to: number): boolean {
  if (SETTING_NONE.test(text)) return true;
  // "Stratification by texture was considered but not applied": the "but" clause negates what came before it.
  const dropped = CONSIDERED_NOT_USED.exec(text) ?? (mayAbandon(text) ? ABANDONED.exec(text) : null);
  if (dropped && to <= dropped.index + dropped[0].length) return true;
  let clauseStart = 0;
  let clauseEnd = text.length;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    const at = m.index ?? 0;
    if (at + m[0].length <= from) clauseStart = at + m[0].length;
    else if (at >= to) {
      clauseEnd = at;
      break;
    }
  }
  // Within its clause, a negation reaches only a few words: in run-on text (two-column extractions
  // glue lines together) "it does not generalise …, after 50,000 iterations … an SGD scheduler" is
  // not a negated optimizer.
  const before = text.slice(Math.max(clauseStart, from - NEGATION_REACH), from);
  const after = text.slice(to, Math.min(clauseEnd, to + NEGATION_REACH));
  const window = `${before} ${text.slice(from, to)} ${after}`.replace(NOT_NEGATION, " ");
  // "without" ("lacking"), and "no" after a verb of having ("contain no", "with no"), negate only their own object
  // ("trained without augmentation"), not a statement they stand in ("Clips without calls were
  // undersampled", "since most patches contain no insects, empty patches were undersampled").
  if (NEGATION.test(window.replace(WITHOUT, " "))) return true;
  return WITHOUT_OBJECT.test(before.replace(NOT_NEGATION, " ")) || WITHOUT_TO_END.test(text.slice(from, to));
}

// An option that a tool offers but the study left off: "The released configuration has a flag for class-balanced
// sampling, but it is disabled by default and we left it disabled".
const CONSIDERED_NOT_USED =
  /\b(?:was|were) (?:also |briefly |initially )?(?:considered|tried|tested|explored|discussed|planned|envisaged)\b,? but (?:was |were )?(?:\w+ )?(?:not|never)\b|\b(?:contains|includes|offers|provides|has|supports|exposes) (?:also )?(?:an? |the )?(?:\w+ )?(?:option|flag|switch|setting|parameter|mode)\b[^.;]{0,60},? but (?:it|this|that) (?:was|is|were|are|has been|remained) (?:\w+ )?(?:not|never|disabled|switched off|turned off|left (?:disabled|off|unused))\b/i;
// A step tried and given up: "… were all tried and dropped", "a Bayesian search was started but abandoned", "five
// seeds were intended, but this was abandoned", "… was not used in the final model".
const ABANDONED =
  /\b(?:(?:tried|tested|attempted|started|explored|evaluated|begun) (?:[\w-]+ ){0,3}?(?:and|but) (?:later |then |eventually |was |were )?(?:dropped|abandoned|discarded)|(?:was|were|been) (?:then |later |eventually |subsequently )?abandoned|not (?:used|kept|retained|included) in the final (?:model|system|pipeline|version|configuration|detector|classifier|network))\b/i;
/** A cheap test before ABANDONED, which isNegatedAt would otherwise run for every match. */
const mayAbandon = (text: string): boolean =>
  text.includes("abandon") || text.includes("dropped") || text.includes("discarded") || text.includes(" final ");
// A setting given as absent: "Data augmentation: none", "Validation set: not used", "Dropout: –".
const SETTING_NONE = /^[^:\n]{1,80}(?::\s*| {2})(?:none|no|not (?:used|applied|done|reported)|n\/a|nil|[-–—])\s*\.?$/i;
const WITHOUT =
  /\b(?:without|lacking)\b|\b(?:contain(?:s|ed|ing)?|with|ha(?:s|d|ve|ving)|show(?:s|ed|ing)?|hold(?:s|ing)?) no\b/gi;
// "without" (or "contain no") followed by at most four words that are not a verb, up to the match.
const WITHOUT_OBJECT =
  /\b(?:without|lacking|(?:contain(?:s|ed|ing)?|with|ha(?:s|d|ve|ving)|show(?:s|ed|ing)?|hold(?:s|ing)?) no)(?:\s+(?!(?:is|are|was|were|be|been|has|have|had|did|does|do)\b)[\w-]+){0,4}\s*$/i;
// A match that ends inside a "without" phrase ("trained without augmentation"), not one where the phrase
// only qualifies the subject of the matched statement ("clips without any visible horizon were excluded").
const WITHOUT_TO_END =
  /\b(?:without|lacking)(?:\s+(?!(?:is|are|was|were|be|been|has|have|had|did|does|do)\b)[\w-]+){0,4}\s*$/i;

/** Characters on each side of a match within which a negation applies to it. */
const NEGATION_REACH = 60;
