export {
  areaIdProblem,
  areaOfCategory,
  categoryIdProblem,
  categoryOfItem,
  isAreaId,
  isCategoryId,
  isItemId,
  itemIdProblem,
  JdIdError,
  type JdIdErrorCode,
  type JdIdParseResult,
  type JdKind,
  type JdRef,
  parseJdId,
  safeParseJdId,
} from './ids';
export {
  DEFAULT_REVIEW_INBOX,
  JD_FORMAT_VERSION,
  type JdArea,
  JdAreaIdSchema,
  JdAreaSchema,
  type JdCategory,
  JdCategoryIdSchema,
  JdCategorySchema,
  type JdItem,
  JdItemIdSchema,
  JdItemSchema,
  type JdSettings,
  JdSettingsSchema,
  type JdStructure,
  JdStructureSchema,
} from './schema';
export { type JdProblem, JdStructureError, loadJdStructure, parseJdStructure, validateJdStructure } from './load';
export { type JdEntry, JdIndex } from './jd-index';
export { folderName, foldText, sanitizeName } from './text';
export { INPUT_FIELD_WEIGHTS, type JdMatch, type ScoreInput, type ScoreOptions, scoreText } from './scoring/score-text';
export { fileNameWords, STOP_WORDS, tokenize } from './scoring/tokenize';
export { porterStem } from './scoring/stem';
