/** Keeps the last `limit` characters of a child's output, so a chatty process cannot eat the test's memory. */
export class OutputBuffer {
  private text = '';

  constructor(private readonly limit = 256 * 1024) {}

  append(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > this.limit) this.text = this.text.slice(-this.limit);
  }

  toString(): string {
    return this.text;
  }

  tail(lines = 30): string {
    return this.text.trimEnd().split('\n').slice(-lines).join('\n');
  }
}
