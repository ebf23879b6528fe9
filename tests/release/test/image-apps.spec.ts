import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { affectedImageApps, describeApp, imageApps, listApps } from '../../../scripts/image/apps.js';
import { REPO, readRepoFile, repoPath } from './support/repo';
import { makeTempDir } from '@emm/testing/temp-dir';

const TURBO = repoPath('node_modules', '.bin', 'turbo');

/** What the image workflow's plan job runs. */
function workflowImageList(): string[] {
  const result = spawnSync(process.execPath, [repoPath('scripts', 'image', 'apps.js'), 'list'], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as string[];
}

describe('apps in this repository', () => {
  const apps = listApps(REPO);
  const withImage = apps.filter((app) => app.image);

  it('are every workspace package under apps/', () => {
    const dirs = readdirSync(repoPath('apps')).filter((dir) => existsSync(repoPath('apps', dir, 'package.json')));
    expect(apps.map((app) => app.dir).sort()).toEqual(dirs.map((dir) => `apps/${dir}`).sort());
    expect(withImage.length).toBeGreaterThan(0);
  });

  it('with an image are exactly what the image workflow builds', () => {
    expect(workflowImageList()).toEqual(withImage.map((app) => app.name));
  });

  describe.each(withImage.map((app) => [app.name, app] as const))('%s', (_name, app) => {
    const manifest = JSON.parse(readRepoFile(app.dir, 'package.json')) as { name: string; files?: string[]; scripts?: Record<string, string> };

    it('is named like its folder, the name its image, chart and turbo filter use', () => {
      expect(`apps/${manifest.name}`).toBe(app.dir);
    });

    it('compiles src/main.ts to dist/main.js, the image CMD', () => {
      expect(manifest.scripts?.build).toBeDefined();
      const configFile = repoPath(app.dir, 'tsconfig.build.json');
      const { config } = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
      const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repoPath(app.dir));
      expect(relative(repoPath(app.dir), parsed.options.outDir ?? '')).toBe('dist');
      expect(relative(repoPath(app.dir), parsed.options.rootDir ?? '')).toBe('src');
      expect(parsed.fileNames.map((file) => relative(repoPath(app.dir), file))).toContain(join('src', 'main.ts'));
    });

    it('publishes its build output and no sources into the image (package.json "files")', () => {
      expect(manifest.files).toEqual(expect.arrayContaining(['dist']));
      expect((manifest.files ?? []).filter((entry) => /^(src|test)\b|\.ts$/.test(entry))).toEqual([]);
    });

    it('is deployed by the umbrella chart', () => {
      expect(existsSync(repoPath('charts', app.name, 'Chart.yaml'))).toBe(true);
      expect(readRepoFile('charts', 'emm', 'Chart.yaml')).toMatch(new RegExp(`- name: ${app.name}\\n`));
    });
  });
});

describe('the image rule (scripts/image/apps.js)', () => {
  function app(manifest: Record<string, unknown>, files: string[] = []): string {
    const root = makeTempDir('emm-apps-');
    mkdirSync(join(root, 'apps', 'x', 'src'), { recursive: true });
    writeFileSync(join(root, 'apps', 'x', 'package.json'), JSON.stringify({ name: 'x', ...manifest }));
    for (const file of files) writeFileSync(join(root, 'apps', 'x', file), '');
    return root;
  }

  it('gives an image to an app that serves HTTP from src/main.ts', () => {
    expect(describeApp(app({}, ['src/main.ts']), 'apps/x')).toMatchObject({ image: true, reason: 'serves HTTP from src/main.ts' });
  });

  it('gives none to an app without src/main.ts', () => {
    expect(describeApp(app({}), 'apps/x').image).toBe(false);
  });

  it('gives none to a command-line tool (package.json "bin")', () => {
    expect(describeApp(app({ bin: { emm: 'dist/main.js' } }, ['src/main.ts']), 'apps/x')).toMatchObject({ image: false, reason: expect.stringContaining('command-line tool') });
  });

  it('lets package.json "emm": { "image": false | true } decide', () => {
    expect(describeApp(app({ emm: { image: false } }, ['src/main.ts']), 'apps/x').image).toBe(false);
    expect(describeApp(app({ emm: { image: true }, bin: 'x.js' }, ['src/main.ts']), 'apps/x').image).toBe(true);
    expect(() => describeApp(app({ emm: { image: 'yes' } }, ['src/main.ts']), 'apps/x')).toThrow(/must be true or false/);
  });
});

describe('affected images (turbo ls --affected)', () => {
  const git = (root: string, ...args: string[]): string => {
    const result = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout.trim();
  };
  const write = (root: string, path: string, content: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  const commit = (root: string, path: string, content: string): string => {
    write(root, path, content);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', `change ${path}`);
    return git(root, 'rev-parse', 'HEAD');
  };

  /** A workspace with a shared package used by api and cli, and an unrelated web app. */
  function workspace(): { root: string; base: string } {
    const root = makeTempDir('emm-affected-');
    write(root, 'package.json', JSON.stringify({ name: 'fixture', private: true, packageManager: 'pnpm@10.34.8' }));
    write(root, 'pnpm-workspace.yaml', 'packages:\n  - apps/*\n  - packages/*\n');
    write(root, 'turbo.json', JSON.stringify({ tasks: { build: {} } }));
    write(root, 'Dockerfile', 'FROM scratch\n');
    write(root, 'packages/lib/package.json', JSON.stringify({ name: '@fx/lib', version: '0.0.0' }));
    write(root, 'packages/lib/src/index.ts', 'export const version = 1;\n');
    write(root, 'apps/api/package.json', JSON.stringify({ name: 'api', version: '0.0.0', dependencies: { '@fx/lib': 'workspace:*' } }));
    write(root, 'apps/api/src/main.ts', '');
    write(root, 'apps/web/package.json', JSON.stringify({ name: 'web', version: '0.0.0' }));
    write(root, 'apps/web/src/main.ts', '');
    write(root, 'apps/cli/package.json', JSON.stringify({ name: 'cli', version: '0.0.0', bin: { cli: 'dist/main.js' }, dependencies: { '@fx/lib': 'workspace:*' } }));
    write(root, 'apps/cli/src/main.ts', '');
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'base');
    return { root, base: git(root, 'rev-parse', 'HEAD') };
  }

  it('rebuilds the apps that depend on a changed package, and only those with an image', () => {
    const { root, base } = workspace();
    const head = commit(root, 'packages/lib/src/index.ts', 'export const version = 2;\n');
    expect(imageApps(root)).toEqual(['api', 'web']);
    expect(affectedImageApps({ root, base, head, turbo: TURBO }).apps).toEqual(['api']);
  });

  it('rebuilds only the app that changed', () => {
    const { root, base } = workspace();
    const head = commit(root, 'apps/web/src/main.ts', 'console.log(1);\n');
    expect(affectedImageApps({ root, base, head, turbo: TURBO }).apps).toEqual(['web']);
  });

  it('rebuilds every image when the Dockerfile changes', () => {
    const { root, base } = workspace();
    const head = commit(root, 'Dockerfile', 'FROM scratch AS changed\n');
    expect(affectedImageApps({ root, base, head, turbo: TURBO })).toEqual({ apps: ['api', 'web'], reason: expect.stringContaining('Dockerfile changed') });
  });

  it('rebuilds every image when the base commit is unknown or absent (first push, force push)', () => {
    const { root } = workspace();
    expect(affectedImageApps({ root, base: '0'.repeat(40), turbo: TURBO }).apps).toEqual(['api', 'web']);
    expect(affectedImageApps({ root, base: 'f'.repeat(40), turbo: TURBO }).apps).toEqual(['api', 'web']);
    expect(affectedImageApps({ root, base: undefined, turbo: TURBO }).apps).toEqual(['api', 'web']);
  });

  it('rebuilds nothing for a change outside every app', () => {
    const { root, base } = workspace();
    const head = commit(root, 'docs/notes.md', '# notes\n');
    expect(affectedImageApps({ root, base, head, turbo: TURBO }).apps).toEqual([]);
  });

  it('is what the workflow runs, on the command line', () => {
    const { root, base } = workspace();
    const head = commit(root, 'apps/web/src/main.ts', 'console.log(2);\n');
    // The script decides for the repository it lives in, so run a copy of it inside the fixture.
    mkdirSync(join(root, 'scripts', 'image'), { recursive: true });
    for (const file of ['apps.js', 'toolchain.js']) writeFileSync(join(root, 'scripts', 'image', file), readFileSync(repoPath('scripts', 'image', file)));
    mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(root, 'node_modules', '.bin', 'turbo'), `#!/bin/sh\nexec "${TURBO}" "$@"\n`, { mode: 0o755 });
    const result = spawnSync(process.execPath, ['scripts/image/apps.js', 'affected', '--base', base, '--head', head], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(['web']);
    expect(result.stderr).toContain('images: turbo: packages affected by');
  });
});
