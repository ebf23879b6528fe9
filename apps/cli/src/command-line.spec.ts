import { DEFAULT_RUNS_LIMIT, parseCommandLine, parseRunInput, parseToolArguments, UsageError } from './command-line';

/** The UsageError message a command line gets, or `accepted`. */
function problem(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('parseCommandLine', () => {
  it('reads the tool commands with their options', () => {
    expect(parseCommandLine(['tools', 'jd-classifier'])).toEqual({ name: 'tools', service: 'jd-classifier', options: { json: false } });
    expect(parseCommandLine(['call', 'file-system-service', 'list_unsorted', '--json', '--timeout', '30s', '--url', 'http://127.0.0.1:9/mcp'])).toEqual({
      name: 'call',
      service: 'file-system',
      tool: 'list_unsorted',
      args: '{}',
      options: { json: true, timeoutMs: 30_000, url: 'http://127.0.0.1:9/mcp' },
    });
    expect(parseCommandLine(['services', '--json'])).toEqual({ name: 'services', options: { json: true } });
    expect(parseCommandLine([])).toEqual({ name: 'help' });
    expect(parseCommandLine(['call', '--help'])).toEqual({ name: 'help' });
  });

  it('says what is wrong with a command line', () => {
    expect(problem(['list'])).toBe('unknown command "list"');
    expect(problem(['tools'])).toBe('name a service');
    expect(problem(['call', 'jd-classifier'])).toMatch(/^name the tool to call/);
    expect(problem(['tools', 'jd-classifier', 'extra'])).toBe('too many arguments for "tools": extra');
    expect(problem(['tools', 'jd-classifier', '--jsn'])).toBe("Unknown option '--jsn'");
    expect(problem(['tools', 'jd-classifier', '--timeout', 'soon'])).toBe('--timeout must be a duration such as 500ms, 30s or 2m');
    expect(problem(['tools', 'jd-classifier', '--url', 'jd:8080'])).toBe('--url must be an http:// or https:// URL');
  });
});

describe('parseCommandLine: the run commands', () => {
  it('reads emm run with its input, --wait, --file and --idempotency-key', () => {
    expect(parseCommandLine(['run', 'file-import'])).toEqual({ name: 'run', workflow: 'file-import', input: '{}', wait: false, options: { json: false } });
    expect(parseCommandLine(['run', 'confluence-sync', '{"spaces":["DOC"]}', '--wait', '--idempotency-key', 'nightly-2026-01-31', '--timeout', '30s', '--json'])).toEqual({
      name: 'run',
      workflow: 'confluence-sync',
      input: '{"spaces":["DOC"]}',
      wait: true,
      idempotencyKey: 'nightly-2026-01-31',
      options: { json: true, timeoutMs: 30_000 },
    });
    expect(parseCommandLine(['run', 'bookmark-import', '--file', 'bookmarks.html', '-'])).toMatchObject({ workflow: 'bookmark-import', input: '-', file: 'bookmarks.html' });
  });

  it('takes any workflow name when --agent-url names the agent', () => {
    expect(parseCommandLine(['run', 'test-items', '--agent-url', 'http://127.0.0.1:8081/'])).toEqual({
      name: 'run',
      workflow: 'test-items',
      input: '{}',
      wait: false,
      options: { json: false, agentUrl: 'http://127.0.0.1:8081/' },
    });
    expect(parseCommandLine(['runs', '--workflow', 'test-items', '--agent-url', 'http://127.0.0.1:8081'])).toMatchObject({ workflow: 'test-items' });
  });

  it('reads runs, status, retry and cancel', () => {
    expect(parseCommandLine(['runs'])).toEqual({ name: 'runs', limit: DEFAULT_RUNS_LIMIT, options: { json: false } });
    expect(parseCommandLine(['runs', '--workflow', 'file-import', '--state', 'failed', '--limit', '5'])).toEqual({
      name: 'runs',
      workflow: 'file-import',
      state: 'failed',
      limit: 5,
      options: { json: false },
    });
    expect(parseCommandLine(['status', 'f2b8a3c0-0000-4000-8000-000000000001', '--items', 'needs-review'])).toEqual({
      name: 'status',
      id: 'f2b8a3c0-0000-4000-8000-000000000001',
      items: 'needs_review',
      options: { json: false },
    });
    expect(parseCommandLine(['retry', 'some-id', '--wait', '--workflow', 'bookmark-import'])).toEqual({ name: 'retry', id: 'some-id', workflow: 'bookmark-import', wait: true, options: { json: false } });
    expect(parseCommandLine(['cancel', 'some-id', '--json'])).toEqual({ name: 'cancel', id: 'some-id', options: { json: true } });
  });

  it('says what is wrong with a run command line', () => {
    expect(problem(['run'])).toBe('name a workflow: file-import, bookmark-import, confluence-sync');
    expect(problem(['run', 'file-imports'])).toBe(
      'unknown workflow "file-imports"; known: file-import (file-system-agent), bookmark-import (bookmark-scraper), confluence-sync (confluence-agent); another agent\'s workflow needs its --agent-url',
    );
    expect(problem(['run', 'file-import', '--file', 'export.html'])).toBe('--file uploads a bookmark export: it applies to bookmark-import only');
    expect(problem(['run', 'file-import', '{}', 'extra'])).toBe('too many arguments for "run": extra');
    expect(problem(['run', 'file-import', '--agent-url', 'file-system-agent:8080'])).toBe('--agent-url must be an http:// or https:// URL');
    expect(problem(['run', 'file-import', '--url', 'http://127.0.0.1:9/mcp'])).toBe('--url does not apply to "run"');
    expect(problem(['runs', '--wait', '--items', 'failed'])).toBe('--wait, --items do not apply to "runs"');
    expect(problem(['tools', 'jd-classifier', '--agent-url', 'http://127.0.0.1:9'])).toBe('--agent-url does not apply to "tools"');
    expect(problem(['runs', '--limit', '0'])).toBe('--limit must be a whole number from 1 to 200');
    expect(problem(['runs', '--limit', 'ten'])).toBe('--limit must be a whole number from 1 to 200');
    expect(problem(['runs', '--workflow', 'sync'])).toMatch(/^unknown workflow "sync"; known: /);
    expect(problem(['status'])).toBe('name the run: emm status <run-id> (emm runs lists them)');
    expect(problem(['status', 'some-id', '--items', 'broken'])).toBe('--items must be one of done, needs-review, skipped, failed, pending');
    expect(problem(['cancel', 'some-id', '--wait'])).toBe('--wait does not apply to "cancel"');
  });
});

describe('parseRunInput', () => {
  it('takes a JSON object and says what else it got', () => {
    expect(parseRunInput('{"prefix":"scans"}')).toEqual({ prefix: 'scans' });
    expect(() => parseRunInput('"scans"')).toThrow('the input must be a JSON object, e.g. \'{"prefix":"scans"}\'');
    expect(() => parseRunInput('{prefix:1}')).toThrow(/^the input is not valid JSON: /);
  });
});

describe('parseToolArguments', () => {
  it('takes a JSON object and nothing else', () => {
    expect(parseToolArguments('{"query":"bank"}')).toEqual({ query: 'bank' });
    expect(() => parseToolArguments('[1]')).toThrow('the arguments must be a JSON object');
    expect(() => parseToolArguments('{query}')).toThrow(/^the arguments are not valid JSON: /);
  });
});
