import { rmSync } from 'node:fs';
import { RENDER_CACHE_VARIABLE } from '../src/helm';

export default function globalTeardown(): void {
  const dir = process.env[RENDER_CACHE_VARIABLE];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
