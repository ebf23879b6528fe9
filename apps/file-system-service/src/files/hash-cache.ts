/**
 * Content hashes by file version (local: inode, size and mtime; S3: ETag), so
 * listing UNSORTED again, which agents do on every run, does not read every
 * file again. Least recently used entries go first.
 */
export class HashCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {}

  get(key: string): string | undefined {
    const hash = this.entries.get(key);
    if (hash !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hash);
    }
    return hash;
  }

  set(key: string, hash: string): void {
    this.entries.delete(key);
    this.entries.set(key, hash);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
