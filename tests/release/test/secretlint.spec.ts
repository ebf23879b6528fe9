import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoPath } from './support/repo';
import { makeTempDir } from '@emm/testing/temp-dir';

const SECRETLINT = resolve(__dirname, '..', 'node_modules', '.bin', 'secretlint');

/** Runs secretlint the way CI does (the repository's .secretlintrc.json) over one file. */
function scan(content: string): { status: number | null; output: string } {
  const dir = makeTempDir('emm-secretlint-');
  copyFileSync(repoPath('.secretlintrc.json'), join(dir, '.secretlintrc.json'));
  writeFileSync(join(dir, 'settings.env'), content);
  const result = spawnSync(SECRETLINT, ['--secretlintrc', '.secretlintrc.json', '--format', 'compact', '**/*'], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('secret scanning (.secretlintrc.json)', () => {
  it('fails on a leaked GitHub token and masks it in the report', () => {
    // Assembled at run time so that this file itself holds no token-shaped string.
    const token = ['ghp', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'].join('_');
    const { status, output } = scan(`GITHUB_TOKEN=${token}\n`);
    expect(status).toBe(1);
    expect(output).toContain('[GITHUB_TOKEN]');
    expect(output).not.toContain(token);
  });

  it('fails on a private key', () => {
    const key = ['-----BEGIN OPENSSH PRIVATE', 'KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDc2Wq0b1bQ2yV9rX9v4d8vE7uQmJrP1wq9kQm1j0XcTgAAAJgAAAAA\n-----END OPENSSH PRIVATE KEY-----'].join(' ');
    expect(scan(`${key}\n`).status).toBe(1);
  });

  it('passes configuration that only names secrets', () => {
    expect(scan('MCP_AUTH_TOKEN_SECRET_NAME=emm-mcp-auth\nREDIS_URL=redis://redis:6379\n')).toEqual({ status: 0, output: '' });
  });
});
