/**
 * Loopback latency of a trivial tool (`ping`) over REST and over MCP, one
 * request at a time on a keep-alive connection, against a real listening app.
 * Measures, does not gate: `pnpm bench` prints the figures.
 */
import type { LoggerService } from '@nestjs/common';
import { Agent, request } from 'node:http';
import { startTestApp, type TestApp } from '../test/support/test-app';

const WARMUP = 1_000;
const SAMPLES = 10_000;

/** Discards logs: a production logger (pino) costs about as little. */
class SilentLogger implements LoggerService {
  log(): void {}
  error(): void {}
  warn(): void {}
}

function post(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end(body);
  });
}

async function measure(label: string, send: () => Promise<number>): Promise<string> {
  for (let i = 0; i < WARMUP; i++) await send();
  const samples = new Float64Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    const startedAt = process.hrtime.bigint();
    const status = await send();
    samples[i] = Number(process.hrtime.bigint() - startedAt) / 1e6;
    if (status !== 200) throw new Error(`${label}: HTTP ${status}`);
  }
  samples.sort();
  const at = (q: number): string => samples[Math.min(SAMPLES - 1, Math.floor(q * SAMPLES))].toFixed(3);
  const mean = samples.reduce((sum, value) => sum + value, 0) / SAMPLES;
  return `${label.padEnd(28)} p50 ${at(0.5)} ms  p90 ${at(0.9)} ms  p99 ${at(0.99)} ms  mean ${mean.toFixed(3)} ms  (${SAMPLES} calls, concurrency 1)`;
}

describe('latency of a trivial tool on loopback', () => {
  let server: TestApp;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    server = await startTestApp();
    server.app.useLogger(new SilentLogger());
  });

  afterAll(async () => {
    agent.destroy();
    await server.app.close();
  });

  it('REST POST /tools/ping and MCP tools/call ping', async () => {
    const rest = new URL(`${server.baseUrl}/tools/ping`);
    const mcp = new URL(`${server.baseUrl}/mcp`);
    const jsonHeaders = { 'content-type': 'application/json' };
    const mcpHeaders = {
      ...jsonHeaders,
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
    };
    const call = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ping', arguments: {} } });
    const lines = [
      await measure('REST POST /tools/ping', () => post(agent, rest, jsonHeaders, '{}')),
      await measure('MCP tools/call ping', () => post(agent, mcp, mcpHeaders, call)),
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
  });
});
