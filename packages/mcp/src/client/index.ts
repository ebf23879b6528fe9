// Client side: how every agent and service calls the tools of another service.
export * from './standalone';
export { InjectMcpClient, McpClientModule, McpClients, mcpClientToken, type McpClientModuleOptions, type McpServiceEntry } from './mcp-client.module';
