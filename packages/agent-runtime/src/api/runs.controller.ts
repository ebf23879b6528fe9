import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { readJsonBody, RestErrorFilter } from '@emm/mcp';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AgentSettings } from '../agent-env';
import type { RunDetail } from '../runs/run-service';
import { AGENT_SETTINGS } from '../tokens';
import type { RunView } from '../workflow';
import { AgentRuntime } from '../agent-runtime';
import { RunApiGuard } from './run-api.guard';
import { RunApiRateLimitGuard } from './rate-limit.guard';
import { RunEventStreams } from './run-event-streams';

/**
 * The run API: start, list, inspect, follow, cancel and retry runs. Bodies
 * are read here (POST /runs may carry an uploaded export up to
 * RUN_API_BODY_LIMIT_BYTES), errors are `{ error: { code, message, issues? } }`.
 */
@Controller()
@UseFilters(RestErrorFilter)
@UseGuards(RunApiGuard, RunApiRateLimitGuard)
export class RunsController {
  constructor(
    private readonly runtime: AgentRuntime,
    private readonly streams: RunEventStreams,
    @Inject(AGENT_SETTINGS) private readonly settings: AgentSettings,
  ) {}

  @Get('workflows')
  workflows(): { workflows: Array<{ name: string; description: string; inputSchema: unknown }> } {
    return { workflows: this.runtime.runs.describeWorkflows() };
  }

  @Post('runs')
  async start(@Req() req: IncomingMessage, @Res({ passthrough: true }) res: ServerResponse): Promise<RunView> {
    const body = await readJsonBody(req, { limit: this.settings.bodyLimitBytes, rpc: false });
    const header = req.headers['idempotency-key'];
    const { run, created } = await this.runtime.runs.start(body, typeof header === 'string' && header !== '' ? header : undefined);
    res.statusCode = created ? 202 : 200;
    res.setHeader('Location', `/runs/${run.id}`);
    return run;
  }

  @Get('runs')
  list(@Query() query: Record<string, unknown>): Promise<{ runs: RunView[]; nextCursor?: string }> {
    return this.runtime.runs.list(query);
  }

  @Get('runs/:id')
  get(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<RunDetail> {
    return this.runtime.runs.get(id, query);
  }

  @Get('runs/:id/events')
  async events(@Param('id') id: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    await this.streams.stream(id, req, res);
  }

  @Post('runs/:id/cancel')
  @HttpCode(200)
  async cancel(@Req() req: IncomingMessage, @Param('id') id: string): Promise<RunView> {
    await readJsonBody(req, { limit: this.settings.bodyLimitBytes, rpc: false }).catch(() => undefined);
    return this.runtime.runs.cancel(id);
  }

  @Post('runs/:id/retry')
  @HttpCode(202)
  async retry(@Req() req: IncomingMessage, @Param('id') id: string): Promise<RunView> {
    await readJsonBody(req, { limit: this.settings.bodyLimitBytes, rpc: false }).catch(() => undefined);
    return this.runtime.runs.retry(id);
  }
}
