// The records that flow through the pipeline, from ingest to store. Every stage reads the
// records of the stages before it and never mutates them.

/** A calendar date `YYYY-MM-DD` (UTC, no time). */
export type IsoDate = string;

export type DatePrecision = 'day' | 'month' | 'quarter' | 'half' | 'year';

export type InputFormat = 'text' | 'markdown' | 'html' | 'jsonl' | 'feed' | 'api';

/** One article, as ingest hands it to the NLP stage. */
export interface Document {
  readonly id: string;
  readonly url?: string;
  readonly title?: string;
  /** Publication date, `YYYY-MM-DD`. */
  readonly published_at: IsoDate;
  /** Outlet or origin label (a feed's title, a JSONL `source`, a file name). */
  readonly source?: string;
  /** Plain text; every offset in every later record points into it. */
  readonly text: string;
  readonly lang: string;
  /** sha256 hex of the normalised text. */
  readonly content_hash: string;
  /** 64-bit SimHash over word 3-shingles, 16 hex digits ('' where it was not computed: `extract`). */
  readonly simhash: string;
  readonly format: InputFormat;
}

export interface Token {
  readonly text: string;
  /** Lower-cased text. */
  readonly lower: string;
  readonly lemma: string;
  /** Universal Dependencies POS tag (NOUN, VERB, PROPN, ADP, ...). */
  readonly pos: string;
  /** Character offsets into Document.text. */
  readonly start: number;
  readonly end: number;
}

/** A date expression found in a sentence, resolved against the publication date. */
export interface DateExpression {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** First day of the span. */
  readonly date: IsoDate;
  /** Last day of the span (equal to `date` for a single day). */
  readonly end_date: IsoDate;
  readonly precision: DatePrecision;
  /** 'absolute' ("December 16, 2025") or 'relative' ("on Tuesday", "next month"). */
  readonly kind: 'absolute' | 'relative';
  /**
   * Set when the expression does not date the clause's action: a bound ("since March 2022",
   * "until May", "before 2020", "after the vote in June") or a noun modifier ("its 1951 treaty",
   * "a 2015 peace agreement").
   */
  readonly relation?: 'since' | 'until' | 'before' | 'after' | 'modifier';
}

export interface Sentence {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly dates: readonly DateExpression[];
}

export interface AnalyzedDocument {
  readonly doc: Document;
  readonly sentences: readonly Sentence[];
}

export type MentionKind =
  | 'state' // a country named, or its capital / seat of power acting as its government
  | 'igo' // an international or regional organisation
  | 'group' // a collective actor such as "the West"
  | 'person' // a named person (office holder, analyst, ...)
  | 'agent' // a sector noun with or without a country ("Iranian diplomats", "the rebels")
  | 'reference' // an anaphor resolved to earlier actors ("the two countries", "he")
  | 'unknown'; // an unresolved proper-noun run, kept so users can extend the knowledge base

/** An actor, as stored on events and claims. */
export interface ActorRef {
  /** CAMEO-style actor code: country or group first (`IRNGOV`, `IGOUNO`, `WST`). Empty when unknown. */
  readonly code: string;
  readonly name: string;
  /** First three letters of `code` (the country or group). */
  readonly country: string;
  /** Sector code(s) after the country (`GOV`, `MIL`, ...), or ''. */
  readonly sector: string;
  readonly entity_id?: string;
  /** Role at the document date, e.g. 'foreign_minister', 'analyst'. */
  readonly role?: string;
}

export interface Mention {
  readonly sentence_index: number;
  /** Character offsets into Document.text. */
  readonly start: number;
  readonly end: number;
  /** Token offsets into the sentence's tokens: [token_start, token_end). */
  readonly token_start: number;
  readonly token_end: number;
  readonly text: string;
  readonly kind: MentionKind;
  /**
   * The actor(s) this mention stands for. One for most mentions; several for
   * "the two countries" or "both sides"; none for an unknown name.
   */
  readonly actors: readonly ActorRef[];
  /** Which resolver rule produced it (provenance). */
  readonly rule: string;
  /**
   * True when a place is named as a location ("in Moscow", "a visit to Tehran", a dateline), not as
   * an acting government: `actors[0]` then carries the country code without sector (`RUS`) and the
   * place name. Absent on actor mentions.
   */
  readonly location?: boolean;
  /**
   * How sure the resolver is of the actors' country, 0..1, when it is below 1: set when the country
   * was not named in the phrase but taken from the sentence or document context ("police said" in a
   * story about Egypt -> `EGYCOP`, rules `*-context-*`). Absent = named in the text.
   */
  readonly confidence?: number;
}

export type Modality = 'asserted' | 'negated' | 'hypothetical' | 'planned' | 'reported';

export interface Evidence {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface Location {
  readonly name: string;
  readonly country: string;
  readonly lat?: number;
  readonly lon?: number;
}

export interface CodedEvent {
  readonly kind: 'event';
  readonly id: string;
  readonly doc_id: string;
  readonly sentence_index: number;
  readonly source: ActorRef;
  readonly target: ActorRef | null;
  readonly code: string;
  readonly root: string;
  readonly quad_class: 1 | 2 | 3 | 4;
  readonly goldstein: number;
  readonly plover: string;
  readonly modality: Modality;
  readonly attributed_to: ActorRef | null;
  readonly date: IsoDate;
  readonly date_precision: DatePrecision;
  readonly published_at: IsoDate;
  readonly location: Location | null;
  readonly evidence: Evidence;
  readonly rule: string;
  readonly confidence: number;
  readonly coder_version: string;
}

export interface Claim {
  readonly kind: 'claim';
  readonly id: string;
  readonly doc_id: string;
  readonly sentence_index: number;
  /** 'numeric' for a number with a metric; 'relation' for a claim about how actors relate. */
  readonly claim_type: 'numeric' | 'relation';
  readonly metric: string;
  readonly value: number | null;
  readonly unit: string | null;
  readonly original_value: string | null;
  readonly original_unit: string | null;
  /** Country or group codes the claim concerns. */
  readonly actors: readonly string[];
  readonly direction: 'up' | 'down' | 'flat' | null;
  readonly period_start: IsoDate | null;
  readonly period_end: IsoDate | null;
  /** For relation claims: alliance, bloc, partnership, rivalry, tension, ... */
  readonly relation: string | null;
  readonly stance: 'positive' | 'negative' | 'neutral' | null;
  readonly speaker: string | null;
  readonly speaker_actor: ActorRef | null;
  readonly evidence: Evidence;
  readonly rule: string;
}

export interface Quote {
  readonly kind: 'quote';
  readonly id: string;
  readonly doc_id: string;
  readonly sentence_index: number;
  readonly speaker: string | null;
  readonly speaker_actor: ActorRef | null;
  /** 'official' | 'analyst' | 'media' | 'other' */
  readonly speaker_role: string | null;
  readonly text: string;
  readonly direct: boolean;
  readonly evidence: Evidence;
  readonly rule: string;
}

/** Everything extracted from one document. */
export interface Extraction {
  readonly doc: Document;
  /** Empty when the extraction crossed a worker-thread boundary (tokens are not shipped back). */
  readonly sentences: readonly Sentence[];
  /** Number of sentences in the document (set even when `sentences` was dropped). */
  readonly sentence_count?: number;
  readonly mentions: readonly Mention[];
  readonly events: readonly CodedEvent[];
  readonly claims: readonly Claim[];
  readonly quotes: readonly Quote[];
}
