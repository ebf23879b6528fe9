import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunDetail } from '@emm/agent-runtime';
import { type ServiceApp, type Stack, startStack } from '@emm/stack';
import { cliEnv, runWorkflow } from './support/cli';
import { DEMO_DIR } from './support/demo-stack';
import { eventually } from './support/eventually';
import { type OtlpReceiver, type ReceivedSpan, renderTrace, startOtlpReceiver } from './support/otlp-receiver';

// W3C trace context across every hop of one file-import item: the run API
// request, the BullMQ plan, item and finish jobs (context injected into the
// job data, extracted by the worker), the MCP calls to each tool service
// (`traceparent` header and MCP `_meta`), and Redis in the agent and in the
// services. Every app exports its spans over OTLP/HTTP to a receiver in this
// test, as it would to a collector.

const AGENT = 'file-system-agent';
const SERVICES: ServiceApp[] = ['jd-classifier-service', 'content-classifier-service', 'file-system-service', 'notifications-service'];
const FILE = 'statement.pdf';

const SPAN_KIND = { server: 2, client: 3 } as const;

let otlp: OtlpReceiver;
let stack: Stack;
let workDir: string;

beforeAll(async () => {
  otlp = await startOtlpReceiver();
  workDir = mkdtempSync(join(tmpdir(), 'emm-system-tracing-'));
  mkdirSync(join(workDir, 'stack', 'unsorted'), { recursive: true });
  copyFileSync(join(DEMO_DIR, 'unsorted', '2026-10 Statement - Northwind Bank.pdf'), join(workDir, 'stack', 'unsorted', FILE));
  stack = await startStack({
    dataDir: join(workDir, 'stack'),
    services: SERVICES,
    agents: [AGENT],
    otlpEndpoint: otlp.endpoint,
    logLevel: 'warn',
    // Spans are exported in batches; a short delay lets the test see them within a few hundred ms.
    env: { '*': { OTEL_BSP_SCHEDULE_DELAY: '100' } },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await otlp?.stop();
  if (workDir !== undefined && process.env.KEEP_SYSTEM_TEST_DATA === undefined) rmSync(workDir, { recursive: true, force: true });
});

/** The spans of one trace with their parent links, to ask who descends from whom. */
class Trace {
  private readonly byId: Map<string, ReceivedSpan>;

  constructor(readonly spans: ReceivedSpan[]) {
    this.byId = new Map(spans.map((span) => [span.spanId, span]));
  }

  find(predicate: (span: ReceivedSpan) => boolean): ReceivedSpan[] {
    return this.spans.filter(predicate);
  }

  /** Whether `span` sits below `ancestor` through spans that all arrived. */
  descends(span: ReceivedSpan, ancestor: ReceivedSpan): boolean {
    for (let current = this.byId.get(span.parentSpanId); current !== undefined; current = this.byId.get(current.parentSpanId)) {
      if (current.spanId === ancestor.spanId) return true;
    }
    return false;
  }

  below(ancestor: ReceivedSpan, predicate: (span: ReceivedSpan) => boolean): ReceivedSpan[] {
    return this.spans.filter((span) => predicate(span) && this.descends(span, ancestor));
  }
}

const isRedis = (span: ReceivedSpan) => span.attributes['db.system.name'] === 'redis' || span.attributes['db.system'] === 'redis';
const isHttpServer = (service: string) => (span: ReceivedSpan) => span.service === service && span.kind === SPAN_KIND.server && span.attributes['url.path'] === '/mcp';
const named = (service: string, name: string) => (span: ReceivedSpan) => span.service === service && span.name === name;

/** Every hop of the run's trace that is missing, in words; empty when the context crossed them all. */
function brokenHops(trace: Trace, run: RunDetail): string[] {
  const problems: string[] = [];
  const root = trace.find((span) => span.parentSpanId === '');
  const runApi = root.find((span) => span.service === AGENT && span.kind === SPAN_KIND.server && span.attributes['url.path'] === '/runs' && span.attributes['http.request.method'] === 'POST');
  if (runApi === undefined) return [`the trace's root is not the run API request POST /runs of ${AGENT} (roots: ${root.map((span) => `${span.service} ${span.name}`).join(', ') || 'none'})`];
  if (root.length > 1) problems.push(`${root.length} roots: a span lost its parent`);
  if (trace.below(runApi, isRedis).length === 0) problems.push(`no Redis span below POST /runs in ${AGENT}: the run is stored and its plan job enqueued in Redis`);

  const stages = ['plan', 'item', 'finish'].map((stage) => {
    const span = trace.find((candidate) => named(AGENT, `workflow.${stage} file-import`)(candidate) && candidate.attributes['workflow.run_id'] === run.id)[0];
    if (span === undefined) problems.push(`no workflow.${stage} span of run ${run.id} in the trace: the ${stage} job did not carry the trace context through BullMQ`);
    else if (!trace.descends(span, runApi)) problems.push(`workflow.${stage} is not below POST /runs`);
    return span;
  });
  const [plan, item, finish] = stages;
  if (item !== undefined && trace.below(item, (span) => span.service === AGENT && isRedis(span)).length === 0) problems.push(`no Redis span below the item in ${AGENT} (its result cache and note records)`);

  const hops: Array<{ stage: ReceivedSpan | undefined; tool: string; service: ServiceApp; redis?: boolean }> = [
    { stage: plan, tool: 'list_unsorted', service: 'file-system-service' },
    { stage: item, tool: 'read_file', service: 'file-system-service' },
    { stage: item, tool: 'classify_content', service: 'content-classifier-service', redis: true },
    { stage: item, tool: 'resolve_path', service: 'jd-classifier-service' },
    { stage: item, tool: 'move_to_vault', service: 'file-system-service' },
    { stage: item, tool: 'write_note', service: 'file-system-service' },
    { stage: finish, tool: 'notify', service: 'notifications-service', redis: true },
  ];
  for (const { stage, tool, service, redis } of hops) {
    if (stage === undefined) continue;
    const call = trace.below(stage, named(AGENT, `tools/call ${tool}`))[0];
    if (call === undefined) {
      problems.push(`no client span "tools/call ${tool}" of ${AGENT} below ${stage.name}`);
      continue;
    }
    const handled = trace.below(call, named(service, `mcp.tool ${tool}`))[0];
    if (handled === undefined) problems.push(`${service} handled ${tool} outside the trace: no "mcp.tool ${tool}" span below the agent's call (MCP _meta.traceparent)`);
    if (trace.below(call, isHttpServer(service)).length === 0) problems.push(`no HTTP server span of ${service} below the agent's ${tool} call (the traceparent header)`);
    if (redis === true && handled !== undefined && trace.below(handled, (span) => span.service === service && isRedis(span)).length === 0) {
      problems.push(`no Redis span of ${service} below its mcp.tool ${tool} span`);
    }
  }
  return problems;
}

describe('tracing across the stack', () => {
  it('follows one file-import item in a single trace: run API → BullMQ jobs → every tool service → Redis', async () => {
    const { result, followed } = await runWorkflow('file-import', cliEnv(stack, join(workDir, 'no-local-stack')));
    const run = followed.run;
    expect({ exit: result.code, state: run.state, counts: run.counts }).toEqual({
      exit: 0,
      state: 'completed',
      counts: { total: 1, pending: 0, done: 1, needsReview: 0, skipped: 0, failed: 0 },
    });

    await eventually(
      () => {
        const itemSpans = otlp.spans.filter((span) => span.name === 'workflow.item file-import' && span.attributes['workflow.run_id'] === run.id);
        if (itemSpans.length === 0) throw new Error(`no workflow.item span of run ${run.id} arrived; ${otlp.spans.length} spans from ${[...new Set(otlp.spans.map((span) => span.service))].join(', ') || 'no app'}${otlp.rejected.length > 0 ? `; rejected exports: ${otlp.rejected.join('; ')}` : ''}`);
        const traceId = itemSpans[0].traceId;
        const trace = new Trace(otlp.spans.filter((span) => span.traceId === traceId));
        const problems = brokenHops(trace, run);
        // Everything the agent asked of the services for this run, and every span naming the run, is in that one trace.
        const strays = otlp.spans.filter(
          (span) => span.traceId !== traceId && (span.attributes['workflow.run_id'] === run.id || (span.name.startsWith('mcp.tool ') && span.attributes['mcp.caller'] === AGENT)),
        );
        if (strays.length > 0) problems.push(`spans of the run in other traces: ${strays.map((span) => `${span.service} ${span.name} (trace ${span.traceId})`).join(', ')}`);
        if (problems.length > 0) {
          throw new Error(`the trace ${traceId} of run ${run.id} is broken:\n${problems.map((problem) => `- ${problem}`).join('\n')}\n\nits spans:\n${renderTrace(trace.spans)}`);
        }
      },
      { timeoutMs: 15_000 },
    );
  }, 60_000);
});
