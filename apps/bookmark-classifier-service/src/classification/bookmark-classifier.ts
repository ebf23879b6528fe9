import type { JdEntry, JdIndex } from '@emm/jd';
import { getOrCreateCounter } from '@emm/metrics';
import { SIGNAL_SOURCES } from '@emm/contracts';
import { mergeTags } from '../bookmarks/tags';
import { normalizeUrl } from '../bookmarks/url-normalizer';
import { type ClassificationCache, textHash } from './classification-cache';
import type { ContentClassification, ContentClassifier } from './content-classifier.port';
import { decide, type Signal, type SignalSource } from './decide';
import type { DomainRule, DomainRules } from './domain-rules';
import { folderHints, folderMatches } from './folder-hints';
import type { StructureSnapshot } from './jd-structure-source';

export interface BookmarkInput {
  url: string;
  title?: string;
  folderPath: string[];
  /** Readable page text (e.g. from web-scraper), when the caller has it. */
  text?: string;
  tags: string[];
}

export interface JdPlace {
  id: string;
  name: string;
  /** Vault folder relative to the vault root. */
  path: string;
}

export interface BookmarkClassification {
  /** The normalised URL the classification is for. */
  url: string;
  /** The most specific JD number: the ID when one was chosen, else the category. */
  jdId: string;
  /** Vault folder of `jdId`. */
  path: string;
  category: JdPlace;
  item?: JdPlace;
  confidence: number;
  needsReview: boolean;
  /** The most direct kind of evidence for the chosen category; `none` when nothing pointed anywhere (the review inbox). */
  decidedBy: SignalSource | 'none';
  title: string;
  summary?: string;
  tags: string[];
  signals: Array<{ source: SignalSource; jdId: string; score: number; detail: string }>;
  alternatives: Array<{ jdId: string; name: string; path: string; score: number }>;
  /** The content classifier that judged the text, and its model. */
  provider: string;
  model: string;
  cached: boolean;
}

export class InvalidBookmarkError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface BookmarkClassifierLog {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface BookmarkClassifierDeps {
  rules: DomainRules;
  structure: () => Promise<StructureSnapshot>;
  content: ContentClassifier;
  cache: ClassificationCache<BookmarkClassification>;
  reviewThreshold: number;
  log: BookmarkClassifierLog;
}

const MAX_TAGS = 20;
const MAX_ALTERNATIVES = 3;
/** How sure a folder named like a category is; a numbered folder is surer (see SIGNAL_SCORES). */
const SIGNAL_SCORES = { folder_number: 0.9, folder_name: 0.7 } as const;

const classifications = getOrCreateCounter({
  name: 'bookmark_classifications_total',
  help: 'Bookmarks classified, by the kind of evidence that decided and whether they need review',
  labelNames: ['decided_by', 'needs_review'],
});

/**
 * Decides where a bookmark belongs from everything known about it:
 * - a domain rule for its host (strong: the operator said so),
 * - its folders: a JD-numbered folder (`41 Programming`) or one named like a
 *   category, and, as hints to the content classifier, the folder words,
 * - the content: page text when given, else title and URL words, judged by
 *   content-classifier (through the MCP client), which also supplies summary and tags.
 * The evidence is combined by `decide`; below the review threshold the
 * result is flagged `needsReview`, and with no evidence at all it is the
 * review inbox.
 */
export class BookmarkClassifier {
  private readonly warnedRules = new Set<string>();

  constructor(private readonly deps: BookmarkClassifierDeps) {}

  async classify(input: BookmarkInput, signal?: AbortSignal): Promise<BookmarkClassification> {
    const normalized = normalizeUrl(input.url);
    if (!normalized.ok) throw new InvalidBookmarkError('url', normalized.reason);
    const url = normalized.url;
    const snapshot = await this.deps.structure();
    const { cache } = this.deps;
    const key = cache.key([url, textHash(input.text), input.title ?? '', input.folderPath, input.tags, this.deps.rules.fingerprint, snapshot.version, this.deps.reviewThreshold]);
    const cached = await cache.get(key);
    if (cached) return { ...cached, cached: true };

    const { index } = snapshot;
    const { pathname } = new URL(url);
    const signals: Signal[] = [];
    const matched = this.deps.rules.match(normalized.hostname, pathname);
    const ruleEntry = matched && this.resolveRule(matched, snapshot);
    // A rule whose target the structure lacks is not evidence, and its tags do not apply either.
    const rule = ruleEntry ? matched : undefined;
    if (rule && ruleEntry) signals.push(toSignal('domain_rule', ruleEntry, rule.confidence, `rule ${rule.pattern}`));
    for (const match of folderMatches(input.folderPath, index)) {
      signals.push(toSignal(match.kind, match.entry, SIGNAL_SCORES[match.kind], `folder "${match.folder}"`));
    }
    const hints = mergeTags(folderHints(input.folderPath), input.tags);
    const content = await this.deps.content.classify(
      { text: input.text?.trim() || describeWithoutText(input.title, url), title: input.title, hints, url },
      signal,
    );
    const contentSignal = content.best && contentToSignal(content, index);
    if (contentSignal) signals.push(contentSignal);

    const result = this.assemble(url, input, signals, content, snapshot, rule);
    classifications.inc({ decided_by: result.decidedBy, needs_review: String(result.needsReview) });
    await cache.set(key, result);
    return result;
  }

  private assemble(
    url: string,
    input: BookmarkInput,
    signals: Signal[],
    content: ContentClassification,
    { index }: StructureSnapshot,
    rule: DomainRule | undefined,
  ): BookmarkClassification {
    const decision = decide(signals);
    const inbox = index.reviewInbox;
    const categoryEntry = decision ? (index.lookup(decision.categoryId) as Extract<JdEntry, { kind: 'category' }>) : undefined;
    const itemEntry = decision?.itemId ? (index.lookup(decision.itemId) as Extract<JdEntry, { kind: 'id' }> | undefined) : undefined;
    const category = categoryEntry ? place(categoryEntry) : { id: inbox.category.id, name: inbox.category.name, path: index.resolvePath(inbox.category.id) };
    const item = decision ? itemEntry && place(itemEntry) : place(inbox);
    const confidence = decision?.confidence ?? 0;
    const decidedBy = decision ? decidingSource(signals, decision.categoryId) : 'none';
    return {
      url,
      jdId: item?.id ?? category.id,
      path: item?.path ?? category.path,
      category,
      ...(item && { item }),
      confidence,
      needsReview: decision === undefined || confidence < this.deps.reviewThreshold,
      decidedBy,
      title: input.title?.trim() || content.title || titleFromUrl(url),
      ...(content.summary && { summary: content.summary }),
      tags: mergeTags(input.tags, rule?.tags ?? [], content.tags).slice(0, MAX_TAGS),
      signals: signals.map((s) => ({ source: s.source, jdId: s.itemId ?? s.categoryId, score: round(s.score), detail: s.detail })),
      alternatives: alternativesOf(decision?.rivals ?? [], content, decision?.categoryId, index),
      provider: content.provider,
      model: content.model,
      cached: false,
    };
  }

  /** A rule's target in the structure in service; a target the structure lacks is skipped (and reported once). */
  private resolveRule(rule: DomainRule, { index, version }: StructureSnapshot): Extract<JdEntry, { kind: 'category' | 'id' }> | undefined {
    const entry = resolveTarget(rule, index);
    const warnKey = `${rule.pattern} ${version}`;
    if (!entry && rule.target.kind === 'number' && !this.warnedRules.has(warnKey)) {
      // Name targets (the built-in map) are expected to miss in structures without those names; numbers are not.
      this.warnedRules.add(warnKey);
      this.deps.log.warn('domain rule points to a JD number the structure does not declare; rule skipped', { rule: rule.pattern, id: rule.target.id });
    }
    return entry;
  }
}

function resolveTarget(rule: DomainRule, index: JdIndex): Extract<JdEntry, { kind: 'category' | 'id' }> | undefined {
  const { target } = rule;
  if (target.kind === 'number') {
    const entry = index.lookup(target.id);
    return entry?.kind === 'category' || entry?.kind === 'id' ? entry : undefined;
  }
  const category = index.findByName(target.category, 'category')[0];
  if (category?.kind !== 'category') return undefined;
  if (target.item === undefined) return category;
  // An ID name the category lacks still leaves the category itself.
  const item = index.findByName(target.item, 'id').find((entry) => entry.kind === 'id' && entry.category.id === category.node.id);
  return item?.kind === 'id' ? item : category;
}

function toSignal(source: SignalSource, entry: Extract<JdEntry, { kind: 'category' | 'id' }>, score: number, detail: string): Signal {
  return { source, categoryId: entry.category.id, ...(entry.kind === 'id' && { itemId: entry.item.id }), score, detail };
}

/** content-classifier's best placement as evidence, if the structure in service knows it. */
function contentToSignal(content: ContentClassification, index: JdIndex): Signal | undefined {
  const best = content.best;
  if (!best || index.getCategory(best.categoryId) === undefined) return undefined;
  const itemId = best.itemId !== undefined && index.getItem(best.itemId) !== undefined ? best.itemId : undefined;
  return { source: 'content', categoryId: best.categoryId, ...(itemId && { itemId }), score: best.confidence, detail: `content-classifier (${content.provider})` };
}

/** The most direct kind of evidence for the winning category: a numbered folder, then a rule, then a folder name, then the content. */
function decidingSource(signals: Signal[], categoryId: string): SignalSource {
  const supporting = signals.filter((s) => s.categoryId === categoryId).map((s) => s.source);
  return SIGNAL_SOURCES.find((source) => supporting.includes(source)) ?? 'content';
}

/** Other places worth a look: rival categories of the decision, then content-classifier's alternatives. */
function alternativesOf(
  rivals: Array<{ categoryId: string; score: number }>,
  content: ContentClassification,
  winner: string | undefined,
  index: JdIndex,
): BookmarkClassification['alternatives'] {
  const covered = new Set<string>(winner === undefined ? [] : [winner]);
  const candidates: Array<{ id: string; score: number }> = [];
  for (const rival of rivals) {
    covered.add(rival.categoryId);
    candidates.push({ id: rival.categoryId, score: rival.score });
  }
  for (const alternative of content.alternatives) {
    if (covered.has(alternative.categoryId) || index.getCategory(alternative.categoryId) === undefined) continue;
    covered.add(alternative.categoryId);
    const id = alternative.itemId !== undefined && index.getItem(alternative.itemId) !== undefined ? alternative.itemId : alternative.categoryId;
    candidates.push({ id, score: round(alternative.score) });
  }
  return candidates
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_ALTERNATIVES)
    .map(({ id, score }) => {
      const entry = index.lookup(id) as JdEntry;
      return { jdId: id, name: entry.node.name, path: entry.path, score };
    });
}

function place(entry: JdEntry): JdPlace {
  return { id: entry.node.id, name: entry.node.name, path: entry.path };
}

/**
 * Without page text the content classifier still gets words to go on: the
 * title and the words of the URL (`doc.rust-lang.org/book/ch04-what-is-ownership`
 * → `doc rust lang book ch04 what is ownership`).
 */
export function describeWithoutText(title: string | undefined, url: string): string {
  const { hostname, pathname } = new URL(url);
  const hostWords = hostname.split('.').filter((label) => label !== 'www').slice(0, -1);
  const pathWords = pathname
    .replace(/\.(html?|php|aspx?|jsp)$/i, '')
    .split('/')
    .map(decodeSegment)
    .flatMap((segment) => segment.split(/[^\p{L}\p{N}]+/u));
  return [title ?? '', ...hostWords, ...pathWords].filter((word) => word !== '').join(' ');
}

/** A path segment with its escapes decoded; a malformed one stays as it is and its words still count. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function titleFromUrl(url: string): string {
  const { host, pathname } = new URL(url);
  return pathname === '/' ? host : `${host}${pathname}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
