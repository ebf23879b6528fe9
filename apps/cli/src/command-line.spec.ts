import { parseCommandLine, parseToolArguments, UsageError } from './command-line';

describe('parseCommandLine', () => {
  it('reads the three commands with their options', () => {
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
    const problem = (argv: string[]) => {
      try {
        parseCommandLine(argv);
      } catch (error) {
        if (error instanceof UsageError) return error.message;
        throw error;
      }
      return 'accepted';
    };
    expect(problem(['list'])).toBe('unknown command "list"');
    expect(problem(['tools'])).toBe('name a service');
    expect(problem(['call', 'jd-classifier'])).toMatch(/^name the tool to call/);
    expect(problem(['tools', 'jd-classifier', 'extra'])).toBe('too many arguments for "tools": extra');
    expect(problem(['tools', 'jd-classifier', '--jsn'])).toBe("Unknown option '--jsn'");
    expect(problem(['tools', 'jd-classifier', '--timeout', 'soon'])).toBe('--timeout must be a duration such as 500ms, 30s or 2m');
    expect(problem(['tools', 'jd-classifier', '--url', 'jd:8080'])).toBe('--url must be an http:// or https:// URL');
  });
});

describe('parseToolArguments', () => {
  it('takes a JSON object and nothing else', () => {
    expect(parseToolArguments('{"query":"bank"}')).toEqual({ query: 'bank' });
    expect(() => parseToolArguments('[1]')).toThrow('the arguments must be a JSON object');
    expect(() => parseToolArguments('{query}')).toThrow(/^the arguments are not valid JSON: /);
  });
});
