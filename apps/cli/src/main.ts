#!/usr/bin/env node
// `emm`: the command line for people, on the same MCP client the services use.
import { runCli } from './cli';

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => (text += chunk));
    process.stdin.once('end', () => resolve(text));
    process.stdin.once('error', reject);
  });
}

void runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr, readStdin }).then((code) => {
  process.exitCode = code;
});
