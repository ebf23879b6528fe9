// @emm/mcp: the MCP layer every EMM service is built on. Tool contracts are
// shared by both sides; ./server serves tools, ./client calls them.
export * from './contract';
export * from './server';
export * from './client';
