#!/usr/bin/env node
// @ts-check
// Which apps get a container image, and which of them a change affects. The rule lives here
// once and serves the image workflow (.github/workflows/images.yml), the release tests and
// scripts/image-recipe, so there is no hand-kept list of apps anywhere:
//
//   an app under apps/<dir> gets an image when it has src/main.ts (it serves HTTP) and is not a
//   command-line tool (no "bin" in package.json); "emm": { "image": false | true } in its
//   package.json overrides that guess either way.
//
//   node scripts/image/apps.js list                          -> ["jd-classifier-service", ...]
//   node scripts/image/apps.js explain                       -> every app and why it does or does not get an image
//   node scripts/image/apps.js affected --base <sha> [--head <sha>]
//                                                            -> image apps that the commits base..head affect
'use strict';

const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { lockedRootVersion } = require('./toolchain.js');

/**
 * Files every image depends on besides an app's own workspace graph: a change to one of them
 * rebuilds every image. (turbo only sees package inputs; the Dockerfile is not in any package.)
 */
const IMAGE_INPUTS = ['Dockerfile', '.dockerignore', '.nvmrc', 'package.json', 'pnpm-workspace.yaml', 'turbo.json', 'scripts/image/toolchain.js'];

/**
 * @typedef {object} AppInfo
 * @property {string} name    package.json name (what `turbo prune` and `pnpm --filter` take)
 * @property {string} dir     path relative to the repository root, e.g. apps/jd-classifier-service
 * @property {boolean} image  whether the app is built into a container image
 * @property {string} reason  why, in words
 */

/** @param {string} root repository root @returns {AppInfo[]} every workspace package under apps/ */
function listApps(root) {
  const appsDir = join(root, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'package.json')))
    .map((entry) => describeApp(root, `apps/${entry.name}`))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** @param {string} root @param {string} dir @returns {AppInfo} */
function describeApp(root, dir) {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const name = String(manifest.name ?? dir);
  const setting = manifest.emm?.image;
  const servesHttp = existsSync(join(root, dir, 'src', 'main.ts'));
  if (setting === false) return { name, dir, image: false, reason: 'package.json sets "emm": { "image": false }' };
  if (setting === true) return { name, dir, image: true, reason: 'package.json sets "emm": { "image": true }' };
  if (setting !== undefined) throw new Error(`${dir}/package.json: "emm.image" must be true or false`);
  if (!servesHttp) return { name, dir, image: false, reason: 'no src/main.ts, so nothing to serve' };
  if (manifest.bin !== undefined) return { name, dir, image: false, reason: 'declares "bin": a command-line tool, not a service' };
  return { name, dir, image: true, reason: 'serves HTTP from src/main.ts' };
}

/** @param {string} root @returns {string[]} names of the apps that get an image */
function imageApps(root) {
  return listApps(root).filter((app) => app.image).map((app) => app.name);
}

/**
 * @typedef {object} AffectedOptions
 * @property {string} root
 * @property {string | undefined} base  commit the change starts from (the push's `before`); empty or all zeros: no usable base
 * @property {string} [head]            commit the change ends at (default HEAD)
 * @property {string} [turbo]           turbo binary (default: the workspace's, else the locked version through npx)
 */

/** @param {AffectedOptions} options @returns {{ apps: string[], reason: string }} */
function affectedImageApps({ root, base, head = 'HEAD', turbo }) {
  const all = imageApps(root);
  if (base === undefined || base === '' || /^0+$/.test(base)) return { apps: all, reason: 'no base commit (new branch or first push): every image app' };
  if (!commitExists(root, base)) return { apps: all, reason: `base commit ${base} is not in the clone (force push or shallow history): every image app` };

  const changed = git(root, ['diff', '--name-only', base, head]).split('\n').filter(Boolean);
  const global = changed.find((file) => IMAGE_INPUTS.some((input) => file === input || (input.endsWith('/') && file.startsWith(input))));
  if (global !== undefined) return { apps: all, reason: `${global} changed, and every image depends on it: every image app` };

  const affected = new Set(turboAffected(root, base, head, turbo));
  return { apps: all.filter((name) => affected.has(name)), reason: `turbo: packages affected by ${base.slice(0, 12)}..${head}` };
}

/** @param {string} root @param {string} base @param {string} head @param {string | undefined} turbo @returns {string[]} */
function turboAffected(root, base, head, turbo) {
  const localTurbo = turbo ?? join(root, 'node_modules', '.bin', 'turbo');
  const args = ['ls', '--affected', '--output=json'];
  // On a CI runner without an install, run exactly the lockfile's turbo.
  const [command, commandArgs] = existsSync(localTurbo)
    ? [localTurbo, args]
    : ['npx', ['--yes', `turbo@${lockedRootVersion(root, 'turbo')}`, ...args]];
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TURBO_SCM_BASE: base, TURBO_SCM_HEAD: head, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  if (result.status !== 0) throw new Error(`turbo ls --affected failed:\n${result.stderr || result.stdout}`);
  const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  return report.packages.items.map((/** @type {{ name: string }} */ item) => item.name);
}

/** @param {string} root @param {string} sha */
function commitExists(root, sha) {
  return spawnSync('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd: root }).status === 0;
}

/** @param {string} root @param {string[]} args */
function git(root, args) {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

module.exports = { IMAGE_INPUTS, listApps, describeApp, imageApps, affectedImageApps };

/** @param {string[]} argv */
function main(argv) {
  const root = resolve(__dirname, '..', '..');
  const [command, ...rest] = argv;
  const option = (/** @type {string} */ flag) => {
    const at = rest.indexOf(flag);
    return at >= 0 ? rest[at + 1] : undefined;
  };
  switch (command) {
    case 'list':
      process.stdout.write(`${JSON.stringify(imageApps(root))}\n`);
      return;
    case 'explain':
      for (const app of listApps(root)) process.stdout.write(`${app.image ? 'image   ' : 'no image'}  ${app.name.padEnd(32)} ${app.reason}\n`);
      return;
    case 'affected': {
      const { apps, reason } = affectedImageApps({ root, base: option('--base'), head: option('--head') ?? 'HEAD' });
      process.stderr.write(`images: ${reason}\n`);
      process.stdout.write(`${JSON.stringify(apps)}\n`);
      return;
    }
    default:
      throw new Error('usage: apps.js list | explain | affected --base <sha> [--head <sha>]');
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`apps: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
