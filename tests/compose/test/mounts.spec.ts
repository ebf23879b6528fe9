import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { isIgnored, parseDockerignore } from '../../../scripts/image/dockerfile.js';
import { environmentOf, type Mount, mountsOf, resolvedCompose, userVariables } from './support/compose';
import { COMPOSE_DIR, readRepoFile, REPO, repoPath } from './support/repo';

const compose = resolvedCompose(userVariables());
const everyMount = Object.entries(compose.services).flatMap(([service, definition]) => mountsOf(definition).map((mount) => ({ service, ...mount })));

/** Where file-system-service keeps the vault and the inbox, and the host folders behind them. */
const STORAGE = ['VAULT_DIR', 'UNSORTED_DIR'] as const;
function storageMount(variable: (typeof STORAGE)[number], services = compose.services): Mount {
  const directory = environmentOf(services['file-system-service'])[variable];
  const mount = mountsOf(services['file-system-service']).find((candidate) => candidate.target === directory);
  if (mount === undefined) throw new Error(`${variable}=${directory} is not a mounted folder of file-system-service`);
  return mount;
}

describe('what compose mounts', () => {
  it('binds only files and folders that exist in the repository (at the .env.example defaults)', () => {
    const missing = everyMount.filter((mount) => mount.bind && !existsSync(mount.source)).map((mount) => `${mount.service}: ${relative(REPO, mount.source)}`);
    expect(missing).toEqual([]);
  });

  it('declares every named volume it uses, and uses every one it declares', () => {
    const used = new Set(everyMount.filter((mount) => !mount.bind).map((mount) => mount.source));
    expect([...used].sort()).toEqual(Object.keys(compose.volumes ?? {}).sort());
  });

  it('binds configuration read-only; only the vault and the inbox are writable', () => {
    const writable = everyMount.filter((mount) => mount.bind && !mount.readOnly).map((mount) => `${mount.service}:${mount.target}`);
    expect(writable.sort()).toEqual(STORAGE.map((variable) => `file-system-service:${storageMount(variable).target}`).sort());
  });
});

describe('the vault and the UNSORTED inbox', () => {
  it('are ./vault and ./unsorted by default, the folders file-system-service is configured with', () => {
    expect(environmentOf(compose.services['file-system-service']).STORAGE_BACKEND).toBe('local');
    expect(storageMount('VAULT_DIR').source).toBe(join(COMPOSE_DIR, 'vault'));
    expect(storageMount('UNSORTED_DIR').source).toBe(join(COMPOSE_DIR, 'unsorted'));
    for (const variable of STORAGE) expect(statSync(storageMount(variable).source).isDirectory()).toBe(true);
  });

  it('can be any folders of yours (EMM_VAULT_DIR, EMM_UNSORTED_DIR)', () => {
    const mine = resolvedCompose(userVariables({ EMM_VAULT_DIR: '/home/me/Obsidian/Vault', EMM_UNSORTED_DIR: '/home/me/Inbox' })).services;
    expect(storageMount('VAULT_DIR', mine).source).toBe('/home/me/Obsidian/Vault');
    expect(storageMount('UNSORTED_DIR', mine).source).toBe('/home/me/Inbox');
  });

  it('are written as the Linux user given in .env (EMM_UID, EMM_GID), the image user otherwise', () => {
    expect(compose.services['file-system-service'].user).toBe('10001:10001');
    const mine = resolvedCompose(userVariables({ EMM_UID: '1000', EMM_GID: '1000' })).services;
    expect(mine['file-system-service'].user).toBe('1000:1000');
  });

  it('keep their contents out of git', () => {
    const ignored = (path: string) => spawnSync('git', ['check-ignore', '--quiet', path], { cwd: REPO }).status === 0;
    for (const folder of ['vault', 'unsorted']) {
      expect(ignored(`deploy/compose/${folder}/11.01 Statements/note.md`)).toBe(true);
      expect(ignored(`deploy/compose/${folder}/.gitkeep`)).toBe(false);
      expect(existsSync(join(COMPOSE_DIR, folder, '.gitkeep'))).toBe(true);
    }
  });

  it('keep their contents out of the image build context', () => {
    const rules = parseDockerignore(readRepoFile('.dockerignore'));
    for (const variable of STORAGE) {
      const note = relative(REPO, join(storageMount(variable).source, 'note.md'));
      expect({ note, ignored: isIgnored(rules, note) }).toEqual({ note, ignored: true });
    }
  });
});

describe('the JD structure', () => {
  const jdMount = (services = compose.services): { mount: Mount; file: string } => {
    const path = environmentOf(services['jd-classifier-service']).JD_STRUCTURE_PATH;
    const mount = mountsOf(services['jd-classifier-service']).find((candidate) => candidate.target === dirname(path));
    if (mount === undefined) throw new Error(`JD_STRUCTURE_PATH=${path} is not in a mounted folder`);
    return { mount, file: join(mount.source, basename(path)) };
  };

  it('is the example jd.yaml by default, read-only where JD_STRUCTURE_PATH points', () => {
    const { mount, file } = jdMount();
    expect(mount.readOnly).toBe(true);
    expect(file).toBe(repoPath('examples', 'jd.yaml'));
    expect(readFileSync(file, 'utf8')).toMatch(/^version: 1$/m);
  });

  it('can be yours (EMM_JD_DIR)', () => {
    const { file } = jdMount(resolvedCompose(userVariables({ EMM_JD_DIR: '/home/me/emm' })).services);
    expect(file).toBe('/home/me/emm/jd.yaml');
  });

  it('is mounted as a folder, so a replaced jd.yaml reaches the running service', () => {
    expect(statSync(jdMount().mount.source).isDirectory()).toBe(true);
  });
});
