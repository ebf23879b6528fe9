// `@emm/testing/mcp`: kept out of the main entry, which production code loads without the MCP SDK.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface ConnectMcpClientOptions {
  /** The client name the server sees, e.g. `jd-classifier-e2e`. */
  name: string;
  /** Sent as `Authorization: Bearer <token>` when given. */
  token?: string;
}

/** An MCP client from the official SDK, connected to `<baseUrl>/mcp` as an IDE, agent or assistant would connect. */
export async function connectMcpClient(baseUrl: string, { name, token }: ConnectMcpClientOptions): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  const requestInit: RequestInit | undefined = token ? { headers: { authorization: `Bearer ${token}` } } : undefined;
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit }));
  return client;
}
