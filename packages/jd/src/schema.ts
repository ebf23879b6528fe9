import { z } from 'zod';
import { areaIdProblem, categoryIdProblem, itemIdProblem } from './ids';
import { tokenize } from './scoring/tokenize';

/** The review inbox when jd.yaml names none in `settings.reviewInbox`. */
export const DEFAULT_REVIEW_INBOX = '00.01';
export const JD_FORMAT_VERSION = 1;

function kindOf(input: unknown): string {
  if (Array.isArray(input)) return 'a list';
  if (input !== null && typeof input === 'object') return 'a mapping';
  return typeof input === 'string' ? 'text' : `${typeof input} ${JSON.stringify(input)}`;
}

function expected(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}, not ${kindOf(issue.input)}`);
}

const MAPPING = { error: expected('a mapping') };
const Text = z.string({ error: expected('text') });

/** Adds the rule's message when `problem` finds one; keeps messages naming the value. */
function rule<T extends z.ZodType<string>>(schema: T, problem: (value: string) => string | undefined): T {
  return schema.superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  });
}

export const JdAreaIdSchema = rule(Text, areaIdProblem);
export const JdCategoryIdSchema = rule(Text, categoryIdProblem);
export const JdItemIdSchema = rule(Text, itemIdProblem);

const NAME_MAX = 120;
const JdNameSchema = rule(Text.trim(), (name) => {
  if (name.trim() === '') return 'must not be empty';
  if (Array.from(name).length > NAME_MAX) return `must be at most ${NAME_MAX} characters`;
  if (!/[\p{L}\p{N}]/u.test(name)) return `${JSON.stringify(name)} needs at least one letter or digit to make a folder name`;
  return undefined;
});

const JdKeywordSchema = rule(Text.trim(), (keyword) => {
  if (keyword.trim() === '') return 'must not be empty';
  if (tokenize(keyword).length === 0) return `${JSON.stringify(keyword)} has no searchable words (common words like "the" are ignored)`;
  return undefined;
});

const JdKeywordsSchema = z
  .array(JdKeywordSchema, { error: expected('a list of words or phrases, like [bank, statement]') })
  .default([]);

const JdDescriptionSchema = Text.trim();

export const JdItemSchema = z.strictObject({
  id: JdItemIdSchema,
  name: JdNameSchema,
  description: JdDescriptionSchema.optional(),
  keywords: JdKeywordsSchema,
}, MAPPING);

export const JdCategorySchema = z.strictObject({
  id: JdCategoryIdSchema,
  name: JdNameSchema,
  description: JdDescriptionSchema.optional(),
  keywords: JdKeywordsSchema,
  ids: z.array(JdItemSchema, { error: expected('a list of IDs') }).default([]),
}, MAPPING);

export const JdAreaSchema = z.strictObject({
  id: JdAreaIdSchema,
  name: JdNameSchema,
  description: JdDescriptionSchema.optional(),
  keywords: JdKeywordsSchema,
  categories: z.array(JdCategorySchema, { error: expected('a list of categories') }).default([]),
}, MAPPING);

export const JdSettingsSchema = z.strictObject({
  reviewInbox: JdItemIdSchema.default(DEFAULT_REVIEW_INBOX),
}, MAPPING);

/**
 * The shape of jd.yaml, field by field. Rules between fields (numbering,
 * ranges, duplicates, order) live in validateJdStructure, which also runs this.
 */
export const JdStructureSchema = z.strictObject({
  version: z.literal(JD_FORMAT_VERSION, {
    error: (issue) =>
      issue.input === undefined
        ? `is required (write version: ${JD_FORMAT_VERSION} at the top)`
        : `${JSON.stringify(issue.input)} is not supported (this release reads version: ${JD_FORMAT_VERSION})`,
  }),
  name: JdNameSchema.optional(),
  description: JdDescriptionSchema.optional(),
  settings: JdSettingsSchema.default({ reviewInbox: DEFAULT_REVIEW_INBOX }),
  areas: z.array(JdAreaSchema, { error: expected('a list of areas') }).min(1, 'must list at least one area'),
}, MAPPING);

/** An ID (`11.01 Statements`), the third level. */
export type JdItem = z.infer<typeof JdItemSchema>;
/** A category (`11 Banking`), the second level. */
export type JdCategory = z.infer<typeof JdCategorySchema>;
/** An area (`10-19 Finance`), the first level. */
export type JdArea = z.infer<typeof JdAreaSchema>;
export type JdSettings = z.infer<typeof JdSettingsSchema>;
/** A whole validated jd.yaml. */
export type JdStructure = z.infer<typeof JdStructureSchema>;
