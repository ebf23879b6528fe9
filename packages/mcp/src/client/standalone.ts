// The client without its Nest wiring: everything a process that only calls
// tools needs (the `@emm/mcp/client` entry), none of the server side.
export { McpCallError, type McpCallErrorInit, type McpCallErrorKind, type McpCallStage } from './call-error';
export { DEFAULT_TIMEOUT_MS, McpClient, type CallOptions, type McpClientOptions } from './mcp-client';
export {
  mcpClientConfigFromEnv,
  mcpClientEnvSchema,
  mcpClientOptions,
  type McpClientEnv,
  type McpClientsConfig,
  type McpServiceOverrides,
  type McpTarget,
} from './client-env';
export { DEFAULT_BREAKER, DEFAULT_RETRY, type BreakerSettings, type RetrySettings } from './resilience';
export { DEFAULT_CACHE_TIMEOUT_MS, type ResultCacheOptions } from './result-cache';
export { BREAKER_STATE_VALUE, type BreakerState, type CacheResult, type CallStatus } from './client-metrics';
export { type ToolInfo } from './tool-catalog';
export { argumentsHash, canonicalJson } from './canonical-json';
export { describeNetworkCode, networkErrorCode } from './network-errors';
