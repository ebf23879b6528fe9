/** Exit codes: 0 done, 1 the call or run failed, 2 the command line or the environment is wrong, 130 stopped with Ctrl-C. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export interface TerminalStream extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: TerminalStream;
  /** Progress and errors; a live progress bar when it is a terminal. */
  stderr: TerminalStream;
  /** The whole of standard input, for `emm call … -` and `emm run … -`. */
  readStdin(): Promise<string>;
  /**
   * Takes over Ctrl-C: the signal aborts on the first one, so requests stop
   * and a followed run is left running with a word on how to go on; a second
   * Ctrl-C exits at once. Commands that do not call it keep Node's default.
   */
  trapInterrupt?(): AbortSignal;
}

export function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** The width to fit a table to: the terminal's, or none when the output goes to a file or a pipe. */
export function tableWidth(stream: TerminalStream): number | undefined {
  return stream.isTTY === true && stream.columns !== undefined && stream.columns > 0 ? stream.columns : undefined;
}
