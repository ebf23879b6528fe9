// Client side: how every agent and service calls the tools of another service.
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
export { InjectMcpClient, McpClientModule, McpClients, mcpClientToken, type McpClientModuleOptions, type McpServiceEntry } from './mcp-client.module';
export { DEFAULT_BREAKER, DEFAULT_RETRY, type BreakerSettings, type RetrySettings } from './resilience';
export { DEFAULT_CACHE_TIMEOUT_MS, type ResultCacheOptions } from './result-cache';
export { BREAKER_STATE_VALUE, type BreakerState, type CacheResult, type CallStatus } from './client-metrics';
export { type ToolInfo } from './tool-catalog';
export { argumentsHash, canonicalJson } from './canonical-json';
export { describeNetworkCode, networkErrorCode } from './failures';
