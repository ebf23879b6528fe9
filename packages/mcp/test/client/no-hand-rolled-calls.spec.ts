import { findHandRolledCalls, scanApps } from './support/hand-rolled-calls';
import { REPO_ROOT } from './support/jd-service';

describe('every call to another service goes through @emm/mcp’s client', () => {
  it('no app under apps/ hand-rolls one (fetch/undici/http to a service, MCP_*_URL, its own SDK client)', () => {
    const found = scanApps(REPO_ROOT).map((call) => `${call.file}:${call.line}: ${call.reason}`);
    expect(found).toEqual([]);
  });

  describe('the scan itself', () => {
    it('catches the ways a copy of the client shows up', () => {
      const copies = {
        envUrl: "const res = await fetch(`${process.env.MCP_JD_CLASSIFIER_URL}`, { method: 'POST' });",
        restRoute: "import { request } from 'undici';\nawait request(`${base}/tools/${tool}`, { method: 'POST' });",
        hostName: "import http from 'node:http';\nhttp.request('http://content-classifier-service:8080/mcp');",
        sdkClient: "import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';",
      };
      for (const [name, text] of Object.entries(copies)) {
        expect({ name, found: findHandRolledCalls(`${name}.ts`, text).length > 0 }).toEqual({ name, found: true });
      }
    });

    it('lets external HTTP (web pages, Confluence, webhooks) and the client itself pass', () => {
      const fine = [
        "const page = await fetch(url, { signal });",
        "import { request } from 'undici';\nawait request(`${baseUrl}/wiki/api/v2/pages/${id}`);",
        "const { matches } = await this.jd.call(jdClassifier.findCategory, { query });",
        "instructions: 'Use find_category on jd-classifier-service first.',",
      ];
      for (const text of fine) expect(findHandRolledCalls('fine.ts', text)).toEqual([]);
    });
  });
});
