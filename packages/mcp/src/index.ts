// @emm/mcp: the MCP layer every EMM service is built on. The server side lives in ./server.
export * from './server';
