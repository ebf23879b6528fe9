import { join } from 'node:path';
import { JdIndex } from '@emm/jd';
import { startRedis, type RedisServer } from '@emm/testing';
import { Redis } from 'ioredis';
import { BookmarkClassifier, type BookmarkClassification, describeWithoutText, InvalidBookmarkError } from './bookmark-classifier';
import { ClassificationCache } from './classification-cache';
import type { ContentClassification, ContentClassificationRequest, ContentClassifier } from './content-classifier.port';
import { DomainRules } from './domain-rules';
import { builtInDomainRules } from './domain-rules.env';

const EXAMPLE_JD = join(__dirname, '../../../../examples/jd.yaml');

/**
 * Stands in for content-classifier-service at unit level, answering what a
 * test scripts and recording what it was asked. The real service is
 * exercised in test/classify.e2e-spec.ts.
 */
class ScriptedContentClassifier implements ContentClassifier {
  readonly requests: ContentClassificationRequest[] = [];

  constructor(private readonly answer: Partial<ContentClassification> = {}) {}

  async classify(request: ContentClassificationRequest): Promise<ContentClassification> {
    this.requests.push(request);
    return { alternatives: [], tags: [], provider: 'heuristic', model: 'heuristic-v1', needsReview: false, ...this.answer };
  }
}

const noCache = new ClassificationCache<BookmarkClassification>(new Redis({ lazyConnect: true }), 0, { warn: () => undefined });

describe('BookmarkClassifier', () => {
  let index: JdIndex;
  const warnings: string[] = [];

  beforeAll(async () => {
    index = await JdIndex.load(EXAMPLE_JD);
  });

  function classifier(content: ContentClassifier, rules: DomainRules = builtInDomainRules(), cache = noCache): BookmarkClassifier {
    return new BookmarkClassifier({
      rules,
      structure: async () => ({ index, version: 'test-version' }),
      content,
      cache,
      reviewThreshold: 0.5,
      log: { warn: (message) => warnings.push(message) },
    });
  }

  it('files a GitHub bookmark under Programming by the built-in rule, with vault paths', async () => {
    const content = new ScriptedContentClassifier({ best: { categoryId: '41', itemId: '41.03', confidence: 0.4 }, tags: ['typescript'], summary: 'A framework.' });
    const result = await classifier(content).classify({ url: 'https://GitHub.com/nestjs/nest/?utm_source=x', title: 'NestJS', folderPath: [], tags: ['node'] });
    expect(result).toMatchObject({
      url: 'https://github.com/nestjs/nest',
      jdId: '41.03',
      path: '40-49 Learning and reference/41 Programming/41.03 Languages and frameworks',
      category: { id: '41', name: 'Programming' },
      item: { id: '41.03', name: 'Languages and frameworks' },
      decidedBy: 'domain_rule',
      needsReview: false,
      title: 'NestJS',
      summary: 'A framework.',
      tags: ['node', 'typescript'],
      provider: 'heuristic',
      model: 'heuristic-v1',
      cached: false,
    });
    expect(result.confidence).toBeGreaterThan(0.8);
    expect(result.signals.map((s) => s.source)).toEqual(['domain_rule', 'content']);
  });

  it('asks the content classifier with folder words and tags as hints, and title and URL words when there is no page text', async () => {
    const content = new ScriptedContentClassifier();
    await classifier(content).classify({ url: 'https://www.example.org/recipes/easy-pancakes.html', title: 'Pancakes', folderPath: ['Bookmarks bar', 'Küche'], tags: ['breakfast'] });
    expect(content.requests).toEqual([
      { text: 'Pancakes example recipes easy pancakes', title: 'Pancakes', hints: ['Küche', 'breakfast'], url: 'https://www.example.org/recipes/easy-pancakes.html' },
    ]);
    await classifier(content).classify({ url: 'https://www.example.org/x', folderPath: [], tags: [], text: '  The page text.  ' });
    expect(content.requests[1].text).toBe('The page text.');
  });

  it('trusts a JD-numbered folder over content that points elsewhere, but says it is unsure', async () => {
    const content = new ScriptedContentClassifier({ best: { categoryId: '42', confidence: 0.3 } });
    const result = await classifier(content, DomainRules.empty).classify({ url: 'https://blog.example.com/post', folderPath: ['25 Recipes and cooking', '25.02 Baking'], tags: [] });
    expect(result).toMatchObject({ jdId: '25.02', decidedBy: 'folder_number', needsReview: false });
    expect(result.alternatives).toEqual([{ jdId: '42', name: 'Articles', path: '40-49 Learning and reference/42 Articles', score: 0.3 }]);
  });

  it('passes content-classifier\'s judgement through when it is the only evidence, review flag included', async () => {
    const content = new ScriptedContentClassifier({
      best: { categoryId: '26', confidence: 0.35 },
      alternatives: [{ categoryId: '21', score: 0.2 }, { categoryId: '26', itemId: '26.01', score: 0.1 }],
      needsReview: true,
    });
    const result = await classifier(content, DomainRules.empty).classify({ url: 'https://unknown.example/page', folderPath: [], tags: [] });
    expect(result).toMatchObject({ jdId: '26', confidence: 0.35, needsReview: true, decidedBy: 'content' });
    expect(result.alternatives.map((a) => a.jdId)).toEqual(['21']);
  });

  it('sends a bookmark nothing points to to the review inbox', async () => {
    const result = await classifier(new ScriptedContentClassifier(), DomainRules.empty).classify({ url: 'https://unknown.example/', folderPath: [], tags: [] });
    expect(result).toMatchObject({ jdId: '00.01', path: '00-09 System/00 Index and inbox/00.01 Review inbox', confidence: 0, needsReview: true, decidedBy: 'none', signals: [] });
  });

  it('sends conflicting strong evidence to review', async () => {
    const content = new ScriptedContentClassifier({ best: { categoryId: '25', confidence: 0.9 } });
    const result = await classifier(content).classify({ url: 'https://github.com/someone/grandmas-recipes', folderPath: [], tags: [] });
    expect(result.category.id).toBe('25');
    expect(result.needsReview).toBe(true);
  });

  it('skips a rule whose JD number the structure lacks, and says so once', async () => {
    warnings.length = 0;
    const rules = DomainRules.from({ 'example.com': '47' });
    const subject = classifier(new ScriptedContentClassifier(), rules);
    await subject.classify({ url: 'https://example.com/a', folderPath: [], tags: [] });
    const result = await subject.classify({ url: 'https://example.com/b', folderPath: [], tags: [] });
    expect(result.decidedBy).toBe('none');
    expect(warnings).toEqual(['domain rule points to a JD number the structure does not declare; rule skipped']);
  });

  it('refuses a URL that is not a web page, naming the field', async () => {
    await expect(classifier(new ScriptedContentClassifier()).classify({ url: 'javascript:void(0)', folderPath: [], tags: [] })).rejects.toEqual(
      new InvalidBookmarkError('url', 'unsupported scheme "javascript:": only http and https pages are bookmarks'),
    );
  });

  describe('with the cache in Redis', () => {
    let redis: RedisServer;
    let client: Redis;

    beforeAll(async () => {
      redis = await startRedis();
      client = new Redis(redis.url);
    });

    afterAll(async () => {
      client?.disconnect();
      await redis?.stop();
    });

    it('answers a repeated classification from the cache, keyed by normalised URL and text', async () => {
      const cache = new ClassificationCache<BookmarkClassification>(client, 60_000, { warn: () => undefined });
      const content = new ScriptedContentClassifier({ best: { categoryId: '42', confidence: 0.7 } });
      const subject = classifier(content, DomainRules.empty, cache);
      const first = await subject.classify({ url: 'https://example.com/post/', text: 'Article text', folderPath: [], tags: [] });
      const again = await subject.classify({ url: 'https://EXAMPLE.com/post?utm_campaign=x', text: 'Article text', folderPath: [], tags: [] });
      expect(first.cached).toBe(false);
      expect(again).toEqual({ ...first, cached: true });
      expect(content.requests).toHaveLength(1);
      await subject.classify({ url: 'https://example.com/post', text: 'Other text', folderPath: [], tags: [] });
      expect(content.requests).toHaveLength(2);
      const keys = await client.keys('emm:bookmark-classifier:classification:*');
      expect(keys).toHaveLength(2);
      expect(await client.pttl(keys[0])).toBeGreaterThan(50_000);
    });

    it('classifies without the cache when Redis is gone', async () => {
      const gone = new Redis({ port: 1, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
      const logged: string[] = [];
      const cache = new ClassificationCache<BookmarkClassification>(gone, 60_000, { warn: (message) => logged.push(message) });
      const result = await classifier(new ScriptedContentClassifier({ best: { categoryId: '42', confidence: 0.7 } }), DomainRules.empty, cache).classify({
        url: 'https://example.com/other',
        folderPath: [],
        tags: [],
      });
      expect(result.jdId).toBe('42');
      expect(logged).toEqual(['classification cache unavailable; classifying without it']);
      gone.disconnect();
    });
  });
});

describe('describeWithoutText', () => {
  it('turns title, host and path into words', () => {
    expect(describeWithoutText('Ownership', 'https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html')).toBe('Ownership doc rust-lang book ch04 01 what is ownership');
    expect(describeWithoutText(undefined, 'https://www.example.com/caf%C3%A9/%E0%A4')).toBe('example café E0 A4');
  });
});
