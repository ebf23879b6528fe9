import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEntryPoint } from './app-process';
import { findRepoRoot } from './repo';

describe('appEntryPoint', () => {
  it('is apps/<app>/dist/main.js of the checkout', () => {
    const root = findRepoRoot();
    expect(appEntryPoint('jd-classifier-service', root)).toBe(join(root, 'apps', 'jd-classifier-service', 'dist', 'main.js'));
  });

  it('tells to build first when the app has not been built', () => {
    const emptyCheckout = mkdtempSync(join(tmpdir(), 'emm-stack-unbuilt-'));
    try {
      expect(() => appEntryPoint('file-system-agent', emptyCheckout)).toThrow(
        `file-system-agent is not built (${join(emptyCheckout, 'apps', 'file-system-agent', 'dist', 'main.js')} is missing): run pnpm turbo build first (or pnpm turbo run build --filter=file-system-agent)`,
      );
    } finally {
      rmSync(emptyCheckout, { recursive: true, force: true });
    }
  });
});
