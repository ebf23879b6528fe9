import { Controller, Delete, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { McpAccessGuard } from './access.guard';
import { McpErrorFilter } from './error-filters';
import { McpEndpoint } from './mcp-endpoint';
import { readJsonBody } from './request-body';
import { RequestRejection } from './request-rejection';
import { ServerSettings } from './server-options';

function methodNotAllowed(): RequestRejection {
  // Stateless: no session to stream server-initiated messages on (GET) or to end (DELETE).
  return new RequestRejection({
    status: 405,
    code: 'method_not_allowed',
    message: 'Method not allowed: this stateless MCP server only answers POST',
    headers: { Allow: 'POST' },
  });
}

/** MCP Streamable HTTP, protocol revision 2025-11-25, stateless, JSON responses. */
@Controller('mcp')
@UseGuards(McpAccessGuard)
@UseFilters(McpErrorFilter)
export class McpController {
  constructor(
    private readonly settings: ServerSettings,
    private readonly endpoint: McpEndpoint,
  ) {}

  @Post()
  async handle(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, { limit: this.settings.maxBodyBytes, rpc: true });
    await this.endpoint.handle(req, res, body);
  }

  @Get()
  get(): never {
    throw methodNotAllowed();
  }

  @Delete()
  delete(): never {
    throw methodNotAllowed();
  }
}
