import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isIgnored, parseDockerfile, parseDockerignore, substitute } from '../../../scripts/image/dockerfile.js';
import { hostPath, providedStages, replay } from '../../../scripts/image/replay.js';
import { toolchain } from '../../../scripts/image/toolchain.js';
import { REPO, readRepoFile } from './support/repo';
import { makeTempDir } from '@emm/testing/temp-dir';

const dockerfile = parseDockerfile(readRepoFile('Dockerfile'));
const stage = (name: string) => {
  const found = dockerfile.stages.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`Dockerfile has no stage ${name}`);
  return found;
};
const instructions = (name: string, keyword: string) => stage(name).instructions.filter((instruction) => instruction.keyword === keyword);

describe('Dockerfile', () => {
  it('has the prune, build and runtime stages, and builds for one APP', () => {
    expect(dockerfile.stages.map((candidate) => candidate.name)).toEqual(['tool-versions', 'toolchain', 'prune', 'build', 'runtime-base', 'runtime']);
    for (const name of ['prune', 'build', 'runtime']) expect(instructions(name, 'ARG').map((instruction) => instruction.args)).toContain('APP');
  });

  it('takes Node from .nvmrc and the tool versions from package.json and the lockfile', () => {
    const nvmrcMajor = readRepoFile('.nvmrc').trim().split('.')[0];
    expect(dockerfile.globalArgs.NODE_VERSION).toBe(nvmrcMajor);
    expect(stage('runtime-base').from).toBe('node:${NODE_VERSION}-bookworm-slim');
    const tools = toolchain(REPO);
    expect(tools.pnpm).toBe(/"packageManager": "pnpm@([^"]+)"/.exec(readRepoFile('package.json'))?.[1]);
    expect(tools.turbo).toMatch(/^2\.\d+\.\d+$/);
  });

  it('prunes with turbo, then installs from the pruned lockfile before the sources arrive', () => {
    expect(instructions('prune', 'RUN').map((instruction) => instruction.args)).toContain('turbo prune "$APP" --docker');
    const build = stage('build').instructions.map((instruction) => `${instruction.keyword} ${instruction.args}`);
    const json = build.findIndex((line) => line.startsWith('COPY /repo/out/json/'));
    const install = build.findIndex((line) => line.startsWith('RUN pnpm install --frozen-lockfile --offline'));
    const full = build.findIndex((line) => line.startsWith('COPY /repo/out/full/'));
    const compile = build.findIndex((line) => line.startsWith('RUN turbo run build --filter="${APP}..."'));
    const deploy = build.findIndex((line) => /RUN pnpm .*--filter "\$APP" --prod deploy/.test(line));
    expect([json, install, full, compile, deploy].every((index) => index >= 0)).toBe(true);
    expect(json < install && install < full && full < compile && compile < deploy).toBe(true);
  });

  it('keeps the pnpm store in a BuildKit cache mount', () => {
    const installs = instructions('build', 'RUN').filter((instruction) => /pnpm (install|.*deploy)/.test(instruction.args));
    for (const install of installs) expect(install.flags.mount).toBe('type=cache,id=pnpm-store,target=/pnpm/store');
    expect(instructions('toolchain', 'ENV')[0].args).toContain('npm_config_store_dir=/pnpm/store');
  });

  it('runs the app as a non-root numeric user, with tini as PID 1 and node as the command', () => {
    const runtime = stage('runtime');
    expect(runtime.from).toBe('runtime-base');
    expect(instructions('runtime', 'USER').map((instruction) => instruction.args)).toEqual(['10001:10001']);
    expect(instructions('runtime', 'WORKDIR').map((instruction) => instruction.args)).toEqual(['/app']);
    expect(instructions('runtime', 'EXPOSE').map((instruction) => instruction.args)).toEqual(['8080']);
    expect(instructions('runtime', 'ENTRYPOINT').map((instruction) => JSON.parse(instruction.args))).toEqual([['/usr/bin/tini', '--']]);
    expect(instructions('runtime', 'CMD').map((instruction) => JSON.parse(instruction.args))).toEqual([['node', 'dist/main.js']]);
    const env = instructions('runtime', 'ENV').map((instruction) => instruction.args).join(' ');
    expect(env).toMatch(/NODE_ENV=production/);
    expect(env).toMatch(/PORT=8080/);
    expect(instructions('runtime-base', 'RUN')[0].args).toMatch(/useradd --uid 10001 --gid 10001/);
    expect(instructions('runtime-base', 'RUN')[0].args).toMatch(/apt-get install -y --no-install-recommends tini/);
  });

  it('ships only the deployed folder into the runtime image', () => {
    expect(instructions('runtime', 'COPY').map((instruction) => [instruction.flags.from, instruction.args])).toEqual([['build', '/deploy/ ./']]);
  });

  it('labels the image with OCI annotations from build arguments', () => {
    const labels = instructions('runtime', 'LABEL').map((instruction) => instruction.args).join(' ');
    for (const key of ['title', 'version', 'revision', 'source']) expect(labels).toContain(`org.opencontainers.image.${key}=`);
  });

  it('takes no secrets as build arguments', () => {
    const args = dockerfile.stages.flatMap((candidate) => candidate.instructions.filter((instruction) => instruction.keyword === 'ARG'));
    expect(args.map((instruction) => instruction.args).filter((arg) => /TOKEN|SECRET|PASSWORD|KEY/i.test(arg))).toEqual([]);
  });
});

describe('.dockerignore', () => {
  const rules = parseDockerignore(readRepoFile('.dockerignore'));

  it.each([
    'node_modules/turbo/package.json',
    'apps/jd-classifier-service/node_modules/.bin/jest',
    'packages/config/dist/index.js',
    'packages/config/.turbo/turbo-build.log',
    '.tools/bin/node',
    '.git/HEAD',
    'coverage/lcov.info',
    '.env',
    'apps/jd-classifier-service/.env.local',
    'deploy/kubeconfig.yaml',
    'charts/emm/values.yaml',
  ])('keeps %s out of the build context', (path) => {
    expect(isIgnored(rules, path)).toBe(true);
  });

  it.each([
    'package.json',
    'pnpm-lock.yaml',
    'pnpm-workspace.yaml',
    'turbo.json',
    'scripts/image/toolchain.js',
    'apps/jd-classifier-service/src/main.ts',
    'packages/config/src/index.ts',
    'packages/tsconfig/base.json',
  ])('sends %s to the build', (path) => {
    expect(isIgnored(rules, path)).toBe(false);
  });
});

describe('scripts/image/dockerfile.js', () => {
  it('joins continuations, drops comments inside them and reads RUN and COPY flags', () => {
    const parsed = parseDockerfile(['ARG BASE=node:24', 'FROM ${BASE} AS one', 'RUN --mount=type=cache,target=/c \\', '  # why', '    echo a \\', '    && echo b', 'COPY --from=one --chown=1:1 /x ./'].join('\n'));
    expect(parsed.globalArgs).toEqual({ BASE: 'node:24' });
    const [run, copy] = parsed.stages[0].instructions;
    expect(run).toMatchObject({ keyword: 'RUN', flags: { mount: 'type=cache,target=/c' }, line: 3 });
    expect(run.args.replace(/\s+/g, ' ')).toBe('echo a && echo b');
    expect(copy).toMatchObject({ keyword: 'COPY', flags: { from: 'one', chown: '1:1' }, args: '/x ./' });
  });

  it('rejects instructions it cannot replay', () => {
    expect(() => parseDockerfile('FROM x\nONBUILD RUN true')).toThrow(/ONBUILD is not supported/);
  });

  it('substitutes variables like Docker', () => {
    expect(substitute('${A}-$B-${C:-fallback}-${A:+set}', { A: 'a', B: 'b' })).toBe('a-b-fallback-set');
  });

  it('matches .dockerignore patterns like Docker: root-anchored, ** across folders, ! re-includes', () => {
    const rules = parseDockerignore('node_modules\n**/*.log\ndocs\n!docs/keep.md\n');
    expect(isIgnored(rules, 'node_modules/x')).toBe(true);
    expect(isIgnored(rules, 'apps/a/node_modules/x')).toBe(false);
    expect(isIgnored(rules, 'a/b/c.log')).toBe(true);
    expect(isIgnored(rules, 'docs/other.md')).toBe(true);
    expect(isIgnored(rules, 'docs/keep.md')).toBe(false);
  });
});

describe('scripts/image/replay.js', () => {
  function scratch(files: Record<string, string>): { context: string; work: string } {
    const context = makeTempDir('emm-replay-context-');
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(context, path, '..'), { recursive: true });
      writeFileSync(join(context, path), content);
    }
    return { context, work: makeTempDir('emm-replay-work-') };
  }

  it('replays stages FROM other stages and leaves external bases to the host', () => {
    const { context, work } = scratch({
      '.dockerignore': 'secret.txt\n',
      'app/a.txt': 'A',
      'secret.txt': 'never copied',
      Dockerfile: [
        'FROM debian AS base',
        'RUN apt-get install -y something-the-host-has',
        'WORKDIR /repo',
        'FROM base AS build',
        'ARG NAME',
        'ENV GREETING="hello ${NAME}"',
        'COPY . .',
        'RUN mkdir -p ../out && echo "$GREETING" > ../out/greeting && ln -s greeting ../out/link',
        'FROM base AS final',
        'WORKDIR /srv',
        'COPY --from=build /out/ ./',
        'USER 1000',
        'CMD ["cat", "greeting"]',
      ].join('\n'),
    });
    const parsed = parseDockerfile(readFileSync(join(context, 'Dockerfile'), 'utf8'));
    expect([...providedStages(parsed, {})]).toEqual(['base']);

    const image = replay({ dockerfile: parsed, target: 'final', buildArgs: { NAME: 'world' }, contextDir: context, workDir: work, hostEnv: process.env, log: () => undefined });
    expect(image).toMatchObject({ workdir: '/srv', user: '1000', cmd: ['cat', 'greeting'] });
    const srv = hostPath(image, '/srv');
    expect(readFileSync(join(srv, 'greeting'), 'utf8')).toBe('hello world\n');
    expect(readlinkSync(join(srv, 'link'))).toBe('greeting');
    const buildRepo = join(work, 'stages', 'build', 'repo');
    expect(existsSync(join(buildRepo, 'app', 'a.txt'))).toBe(true);
    expect(existsSync(join(buildRepo, 'secret.txt'))).toBe(false);
  });

  it('refuses RUN lines with absolute paths, which would mean something else without Docker', () => {
    const { context, work } = scratch({ Dockerfile: 'FROM debian AS base\nFROM base AS build\nRUN rm -rf /deploy\n' });
    const parsed = parseDockerfile(readFileSync(join(context, 'Dockerfile'), 'utf8'));
    expect(() => replay({ dockerfile: parsed, target: 'build', buildArgs: {}, contextDir: context, workDir: work, hostEnv: process.env, log: () => undefined })).toThrow(
      /uses an absolute path/,
    );
  });

  it('stops at the first failing RUN with its exit code', () => {
    const { context, work } = scratch({ Dockerfile: 'FROM debian AS base\nFROM base AS build\nRUN exit 3\n' });
    const parsed = parseDockerfile(readFileSync(join(context, 'Dockerfile'), 'utf8'));
    expect(() => replay({ dockerfile: parsed, target: 'build', buildArgs: {}, contextDir: context, workDir: work, hostEnv: process.env, log: () => undefined })).toThrow(
      /\[build 1\/1\] RUN exit 3: failed with exit code 3/,
    );
  });
});
