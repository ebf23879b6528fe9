// Server side: declare tools once, serve them over MCP and REST.
export {
  defineTool,
  type AnyToolDefinition,
  type McpToolProvider,
  type ToolCachePolicy,
  type ToolContext,
  type ToolDeclaration,
  type ToolDefinition,
  type ToolImplementation,
  type ToolSchema,
  type ToolTransport,
} from './tool-definition';
export { ToolError, TOOL_ERROR_CODES, type ToolErrorCode } from './tool-error';
export { McpServerModule, type McpServerModuleAsyncOptions, type McpServerModuleOptions } from './mcp-server.module';
export { DEFAULT_MAX_BODY_BYTES, type McpServerOptions } from './server-options';
export { ToolRegistry, type ToolDescriptor } from './tool-registry';
export { ToolInvoker, type ToolCall, type ToolCallResult, type ToolFailure } from './tool-invoker';
export { CACHE_META_KEY, ERROR_META_KEY } from './meta-keys';
export { CALLER_HEADER, ANONYMOUS_CALLER } from './caller';
export { argumentIssueMessage, summarizeIssues, toArgumentIssues, type ArgumentIssue } from './argument-issues';
export { RequestRejection, type RequestRejectionInit } from './request-rejection';
export { RestErrorFilter } from './error-filters';
export { readJsonBody, type JsonBodyOptions } from './request-body';
export { exemptFromBodyParsers } from './body-parser-exemption';
export { BearerTokenVerifier, type BearerCheck } from './bearer-token';
export { type CallOutcome } from './server-metrics';
export { mcpServerEnvSchema, mcpServerOptionsFromEnv, type McpServerEnv } from './mcp-env';
