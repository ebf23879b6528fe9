#!/usr/bin/env node
// `emm`: the command line for people — agent runs through their run API, tools through the MCP client the services use.
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

/** The first Ctrl-C aborts the signal (the command winds down and says so); a second one exits at once. */
function trapInterrupt(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return controller.signal;
}

void runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr, readStdin, trapInterrupt }).then((code) => {
  process.exitCode = code;
});
