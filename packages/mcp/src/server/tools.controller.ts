import { Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { McpAccessGuard } from './access.guard';
import { callerOf } from './caller';
import { RestErrorFilter } from './error-filters';
import { readJsonBody } from './request-body';
import { RequestRejection } from './request-rejection';
import { ServerSettings } from './server-options';
import { ToolInvoker, type ToolFailure } from './tool-invoker';
import { ToolRegistry, type ToolDescriptor } from './tool-registry';

const STATUS_BY_CODE: Readonly<Record<ToolFailure['code'], number>> = {
  invalid_argument: 400,
  not_found: 404,
  unknown_tool: 404,
  conflict: 409,
  failed_precondition: 412,
  unavailable: 503,
  internal: 500,
};

function rejectionOf(error: ToolFailure): RequestRejection {
  return new RequestRejection({ status: STATUS_BY_CODE[error.code], ...error });
}

/** Signals the handler when the client goes away before its response was sent. */
function abortedOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The same tools as plain JSON over HTTP, for curl and scripts. */
@Controller('tools')
@UseGuards(McpAccessGuard)
@UseFilters(RestErrorFilter)
export class ToolsController {
  constructor(
    private readonly settings: ServerSettings,
    private readonly registry: ToolRegistry,
    private readonly invoker: ToolInvoker,
  ) {}

  @Get()
  list(): { tools: ToolDescriptor[] } {
    return this.registry.restListResult;
  }

  @Get(':name')
  describe(@Param('name') name: string): ToolDescriptor {
    const tool = this.registry.get(name);
    if (tool === undefined) throw rejectionOf({ code: 'unknown_tool', message: `unknown tool "${name}"` });
    return tool.descriptor;
  }

  /** Body: the arguments as a JSON object (none: `{}`). 200 `{ result }`, else `{ error }` with a mapped status. */
  @Post(':name')
  @HttpCode(200)
  async call(
    @Param('name') name: string,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: ServerResponse,
  ): Promise<{ result: Record<string, unknown> }> {
    const args = await readJsonBody(req, { limit: this.settings.maxBodyBytes, rpc: false });
    const outcome = await this.invoker.invoke({
      name,
      args,
      caller: callerOf(req.headers),
      transport: 'rest',
      signal: abortedOnClose(res),
    });
    if (!outcome.ok) throw rejectionOf(outcome.error);
    return { result: outcome.value };
  }
}
