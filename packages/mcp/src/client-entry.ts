// @emm/mcp/client: call the tools of EMM services from a process that serves
// none, e.g. the emm command line. The root entry also loads the server side
// (Nest, Express, the SDK's server), which such a process never uses.
export * from './contract';
export * from './client/standalone';
