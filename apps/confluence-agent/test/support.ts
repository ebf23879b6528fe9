import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunDetail } from '@emm/agent-runtime';
import { filesUnder, waitFor } from '@emm/testing';
import { parse } from 'yaml';

export const APP_DIR = resolve(__dirname, '..');

const FINAL_STATES = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

/** The agent's run API as a person (or the CLI) uses it: plain HTTP with the bearer token. */
export class RunApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  /** Starts a confluence-sync run and waits until it has ended. */
  async sync(input: Record<string, unknown>, timeoutMs = 60_000): Promise<RunDetail> {
    const started = await this.request('POST', '/runs', { workflow: 'confluence-sync', input });
    if (started.status !== 202) throw new Error(`POST /runs answered ${started.status}: ${JSON.stringify(started.body)}`);
    return this.waitForEnd((started.body as { id: string }).id, timeoutMs);
  }

  async waitForEnd(id: string, timeoutMs = 60_000): Promise<RunDetail> {
    let run: RunDetail | undefined;
    await waitFor(
      async () => {
        run = (await this.request('GET', `/runs/${id}`)).body as RunDetail;
        return FINAL_STATES.includes(run.state);
      },
      { timeoutMs, intervalMs: 200, message: `run ${id} to end` },
    );
    return run!;
  }
}

export interface VaultNote {
  /** Relative to the vault. */
  path: string;
  frontMatter: Record<string, unknown>;
  body: string;
  mtimeMs: number;
}

/** Every Markdown note in the vault, parsed, sorted by path. */
export function readVault(vaultDir: string): VaultNote[] {
  return filesUnder(vaultDir)
    .filter((path) => path.endsWith('.md'))
    .map((path) => ({ path, ...splitNote(readFileSync(join(vaultDir, path), 'utf8')), mtimeMs: statSync(join(vaultDir, path)).mtimeMs }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

function splitNote(text: string): { frontMatter: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!match) return { frontMatter: {}, body: text };
  return { frontMatter: parse(match[1]) as Record<string, unknown>, body: match[2] };
}
