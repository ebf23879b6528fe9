import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLoadedModules, diffSnapshots, inspectDeployedFolder, snapshot } from '../../../scripts/image/recipe.js';
import { makeTempDir } from '@emm/testing/temp-dir';

const image = { root: '', workdir: '/app', env: {}, labels: {}, user: '10001:10001', exposed: ['8080'], entrypoint: [], cmd: ['node', 'dist/main.js'] };

/** A deployed folder as `pnpm deploy` leaves it: package.json, dist/, node_modules/. */
function deployedFolder(): string {
  const dir = join(makeTempDir('emm-deployed-'), 'app');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'node_modules', '.pnpm', 'dep@1.0.0', 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"name":"app"}');
  writeFileSync(join(dir, 'dist', 'main.js'), '');
  writeFileSync(join(dir, 'node_modules', '.pnpm', 'dep@1.0.0', 'node_modules', 'dep', 'index.js'), '');
  symlinkSync('.pnpm/dep@1.0.0/node_modules/dep', join(dir, 'node_modules', 'dep'));
  return dir;
}

describe('the deployed folder checks of scripts/image-recipe', () => {
  it('accept a self-contained folder', () => {
    expect(() => inspectDeployedFolder(deployedFolder(), image, 'apps/app')).not.toThrow();
  });

  it('reject a folder without the CMD entry file', () => {
    expect(() => inspectDeployedFolder(deployedFolder(), { ...image, cmd: ['node', 'dist/server.js'] }, 'apps/app')).toThrow(/CMD runs dist\/server\.js, which the deployed folder does not contain/);
  });

  it('reject TypeScript sources, naming the fix', () => {
    const dir = deployedFolder();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'main.ts'), '');
    expect(() => inspectDeployedFolder(dir, image, 'apps/app')).toThrow(/ship TypeScript sources \(src\/main\.ts\): add "files": \["dist"\] to apps\/app\/package\.json/);
  });

  it('reject symlinks that leave the folder (an absolute link into the workspace breaks in the image)', () => {
    const dir = deployedFolder();
    symlinkSync(tmpdir(), join(dir, 'node_modules', 'workspace-dep'));
    expect(() => inspectDeployedFolder(dir, image, 'apps/app')).toThrow(/symlinks point outside the deployed folder/);
  });

  it('reject modules loaded from outside the folder', () => {
    const dir = deployedFolder();
    expect(() => checkLoadedModules(dir, [join(dir, 'dist', 'main.js')])).not.toThrow();
    expect(() => checkLoadedModules(dir, [join(dir, 'dist', 'main.js'), '/work/node_modules/leak/index.js'])).toThrow(/loaded modules from outside its deployed folder/);
  });

  it('notice files the app wrote into its read-only folder', () => {
    const dir = deployedFolder();
    const before = snapshot(dir);
    writeFileSync(join(dir, 'dist', 'cache.json'), '{}');
    expect(diffSnapshots(before, snapshot(dir))).toEqual(['added dist/cache.json']);
  });
});
