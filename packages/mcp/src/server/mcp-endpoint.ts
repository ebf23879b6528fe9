import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolRequest,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { callerOf } from './caller';
import { ERROR_META_KEY } from './meta-keys';
import type { ToolCallResult, ToolInvoker } from './tool-invoker';
import type { ToolRegistry } from './tool-registry';
import type { ServerSettings } from './server-options';

/**
 * Only used if a client's elicitation answer must be validated, which these
 * servers never ask for; shared because the SDK would otherwise build an Ajv
 * instance for every request's `Server`.
 */
const sharedSchemaValidator = new AjvJsonSchemaValidator();

function toCallToolResult(result: ToolCallResult): CallToolResult {
  if (result.ok) {
    return { content: [{ type: 'text', text: JSON.stringify(result.value) }], structuredContent: result.value };
  }
  const { error } = result;
  return {
    content: [{ type: 'text', text: `${error.code}: ${error.message}` }],
    isError: true,
    _meta: { [ERROR_META_KEY]: error },
  };
}

/**
 * Answers `POST /mcp` the stateless way: a fresh SDK `Server` and transport per
 * request (no session, so any replica can answer), JSON responses instead of
 * SSE. `tools/list` returns the listing built at startup; `tools/call` goes
 * through the shared `ToolInvoker`. The SDK's low-level `Server` is used rather
 * than `McpServer.registerTool` so validation, errors, metrics and spans are the
 * same code as REST's.
 */
export class McpEndpoint {
  private readonly logger = new Logger('McpEndpoint');

  constructor(
    private readonly settings: ServerSettings,
    private readonly registry: ToolRegistry,
    private readonly invoker: ToolInvoker,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const server = this.createServer(callerOf(req.headers));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    // Closing aborts the signal of a call still running, e.g. when the client disconnected.
    res.once('close', () => void server.close());
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  private createServer(caller: string): Server {
    const server = new Server(this.settings.serverInfo, {
      capabilities: { tools: { listChanged: false } },
      instructions: this.settings.instructions,
      jsonSchemaValidator: sharedSchemaValidator,
    });
    // Rejected requests (wrong Accept, unsupported protocol version …) are the client's problem, answered already.
    server.onerror = (error) => this.logger.debug(`MCP request failed: ${error.message}`);
    server.setRequestHandler(ListToolsRequestSchema, () => this.registry.mcpListResult);
    server.setRequestHandler(CallToolRequestSchema, (request, extra) => this.callTool(request, caller, extra.signal));
    return server;
  }

  private async callTool(request: CallToolRequest, caller: string, signal: AbortSignal): Promise<CallToolResult> {
    const { name, arguments: args, _meta } = request.params;
    const result = await this.invoker.invoke({ name, args, caller, transport: 'mcp', signal, traceCarrier: _meta });
    // The spec answers an unknown tool with a protocol error, not a tool result.
    if (!result.ok && result.error.code === 'unknown_tool') throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    return toCallToolResult(result);
  }
}
