// Shared by servers and clients: which services exist and what their tools take and return.
export {
  defineToolContract,
  toolNameProblem,
  type AnyToolContract,
  type ToolArgs,
  type ToolContract,
  type ToolResult,
  type ToolSchema,
} from './tool-contract';
export {
  defaultMcpServiceUrl,
  findMcpService,
  isMcpServiceId,
  MCP_SERVICE_IDS,
  MCP_SERVICES,
  mcpServiceName,
  mcpServiceTokenVariable,
  mcpServiceUrlVariable,
  type McpServiceId,
  type McpServiceTokenVariable,
  type McpServiceUrlVariable,
} from './services';
