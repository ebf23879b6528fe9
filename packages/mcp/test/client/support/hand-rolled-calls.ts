import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MCP_SERVICES } from '../../../src';

/** A place where an app talks to another EMM service without @emm/mcp's client. */
export interface HandRolledCall {
  file: string;
  line: number;
  reason: string;
}

/** Primitives that make an HTTP request. */
const HTTP_CALL = /\bfetch\s*\(|from\s+['"]undici['"]|require\(\s*['"]undici['"]\s*\)|\bhttps?\.(?:request|get)\s*\(|from\s+['"](?:node:)?https?['"]|from\s+['"](?:axios|got|node-fetch)['"]/;

const SERVICE_HOSTS = Object.values(MCP_SERVICES).map((entry) => entry.service);

/** Signs that a request is aimed at an EMM service: its host, its MCP or REST tool paths, the caller header. */
const EMM_TARGET = new RegExp(
  [
    ...SERVICE_HOSTS.map((host) => `\\b${host}\\b`),
    String.raw`['"\`/]mcp['"\`/?]`,
    String.raw`['"\`]/tools/`,
    String.raw`/tools/\$\{`,
    'x-emm-caller',
  ].join('|'),
);

const RULES: Array<{ test: (line: string, file: string) => boolean; reason: string }> = [
  {
    test: (line) => /\bMCP_[A-Z0-9_]+_URL\b/.test(line),
    reason: 'reads a service URL variable (MCP_<SERVICE>_URL): only @emm/mcp’s client does',
  },
  {
    test: (line) => /@modelcontextprotocol\/sdk\/client/.test(line),
    reason: 'builds its own MCP client: use McpClient from @emm/mcp',
  },
  {
    test: (line, file) => EMM_TARGET.test(line) && HTTP_CALL.test(file),
    reason: 'makes HTTP requests and names an EMM service endpoint: call it through McpClient',
  },
];

/** Checks one source file's text. */
export function findHandRolledCalls(path: string, text: string): HandRolledCall[] {
  const found: HandRolledCall[] = [];
  text.split('\n').forEach((line, index) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
    for (const rule of RULES) {
      if (rule.test(line, text)) found.push({ file: path, line: index + 1, reason: rule.reason });
    }
  });
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry) && !/\.(spec|e2e-spec)\.ts$/.test(entry) ? [path] : [];
  });
}

/** Every app's production sources (apps/*\/src, tests excluded). */
export function scanApps(repoRoot: string): HandRolledCall[] {
  const appsDir = join(repoRoot, 'apps');
  return readdirSync(appsDir)
    .map((app) => join(appsDir, app, 'src'))
    .filter((src) => statSync(src, { throwIfNoEntry: false })?.isDirectory() === true)
    .flatMap(sourceFiles)
    .flatMap((file) => findHandRolledCalls(relative(repoRoot, file), readFileSync(file, 'utf8')));
}
