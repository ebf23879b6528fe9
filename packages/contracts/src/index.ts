// Tool contracts per EMM service: the service declares its tools from them
// (`defineTool(contract, { handler, … })`), callers call them
// (`client.call(contract, args)`), so both sides share one schema.
export { bookmarkClassifier, bookmarkSchema, DETECTED_FORMATS, INPUT_FORMATS, invalidBookmarkSchema, SIGNAL_SOURCES } from './bookmark-classifier';
export { confluence, confluencePageSummarySchema } from './confluence';
export { CLASSIFY_CONTENT_LIMITS, classifyContentInput, classifyContentOutput, contentClassifier } from './content-classifier';
export { CONTENT_HASH_PATTERN, FILE_KINDS, FILE_SYSTEM_FAILURES, fileSystem, noteSourceSchema, type FileSystemFailure } from './file-system';
export { jdAreaSchema, jdCategorySchema, jdClassifier, jdItemSchema, jdMatchSchema } from './jd-classifier';
export { NOTIFICATION_CHANNELS, NOTIFICATION_SEVERITIES, notifications } from './notifications';
export { FETCH_PAGE_FAILURES, webScraper, type FetchPageFailure } from './web-scraper';
export { AGENT_IDS, AGENTS, agentOfWorkflow, defaultAgentUrl, WORKFLOW_NAMES, type AgentId, type AgentUrlVariable, type WorkflowName } from './agents';
