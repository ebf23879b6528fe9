#!/usr/bin/env node
// @ts-check
// scripts/image-recipe <app>: builds an app's container image the way the Dockerfile does, but
// without Docker, and proves the result runs on its own:
//
//   1. replays the Dockerfile (prune → frozen offline install → build → production deploy →
//      runtime stage) in a scratch directory, through scripts/image/replay.js;
//   2. inspects the deployed folder: the CMD's entry file exists, no TypeScript sources ship, and
//      no symlink points outside the folder;
//   3. starts the image's CMD from the deployed folder alone (its own redis-server, the app's
//      extra env from scripts/image/app-env/<app>.env), waits for GET /health/ready = 200, sends
//      SIGTERM and expects exit code 0; every module the app loaded must lie inside the folder,
//      and the folder must be unchanged (the pod's root filesystem is read-only).
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { listApps } = require('./apps.js');
const { parseDockerfile, substitute } = require('./dockerfile.js');
const { hostPath, replay } = require('./replay.js');
const { toolchain } = require('./toolchain.js');

const ROOT = path.resolve(__dirname, '..', '..');
const READY_TIMEOUT_MS = 45_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;

/** @typedef {import('./replay.js').ImageConfig} ImageConfig */

/** @param {string} line */
function say(line) {
  process.stdout.write(`image-recipe: ${line}\n`);
}

/**
 * @typedef {object} Options
 * @property {string} app
 * @property {string | undefined} workDir
 * @property {boolean} keep
 * @property {boolean} noRegistry  point pnpm at a closed local port: any registry access fails
 */

/** @param {string[]} argv @returns {Options} */
function parseArgs(argv) {
  /** @type {Options} */
  const options = { app: '', workDir: undefined, keep: false, noRegistry: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep') options.keep = true;
    else if (arg === '--no-registry') options.noRegistry = true;
    else if (arg === '--work-dir') options.workDir = path.resolve(argv[++i] ?? '');
    else if (arg === '-h' || arg === '--help') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (options.app === '') options.app = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (options.app === '') throw new UsageError('which app? (an app under apps/)');
  return options;
}

class UsageError extends Error {}

const USAGE = `usage: scripts/image-recipe <app> [--keep] [--work-dir DIR] [--no-registry]
  --keep          keep the scratch directory (stage roots, deployed folder) for inspection
  --work-dir DIR  use DIR (empty or absent) instead of a new temporary directory
  --no-registry   make every npm registry request fail, proving the recipe works offline`;

/** @param {Options} options */
async function run(options) {
  const app = listApps(ROOT).find((candidate) => candidate.name === options.app);
  if (app === undefined) {
    const names = listApps(ROOT).map((candidate) => candidate.name);
    throw new Error(`no app named "${options.app}" under apps/ (there are: ${names.join(', ') || 'none'})`);
  }
  if (!app.image) throw new Error(`${app.name} does not get an image: ${app.reason}`);

  const dockerfile = parseDockerfile(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  checkToolchain(dockerfile);

  const workDir = prepareWorkDir(options.workDir, app.name);
  const cleanups = /** @type {Array<() => Promise<void> | void>} */ ([]);
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
    if (!options.keep) fs.rmSync(workDir, { recursive: true, force: true });
    else say(`kept ${workDir}`);
  };
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const hostEnv = buildEnv();
    if (options.noRegistry) hostEnv.npm_config_registry = `http://127.0.0.1:${await closedPort()}/`;

    let started = Date.now();
    say(`replaying Dockerfile for ${app.name} in ${workDir}`);
    const image = replay({
      dockerfile,
      target: 'runtime',
      buildArgs: { APP: app.name, VERSION: 'recipe', REVISION: gitRevision(), SOURCE: '' },
      contextDir: ROOT,
      workDir,
      hostEnv,
      log: say,
    });
    say(`image built in ${seconds(started)}`);

    const appDir = hostPath(image, image.workdir);
    say(inspectDeployedFolder(appDir, image, app.dir));
    const before = snapshot(appDir);

    started = Date.now();
    const redis = await startRedis(path.join(workDir, 'redis'));
    cleanups.push(() => redis.stop());
    const result = await startAndProbe({ appName: app.name, appDir, image, workDir, redisUrl: redis.url, onCleanup: (step) => cleanups.push(step) });
    say(`ready in ${result.readyAfter}, exited ${result.exit} after SIGTERM (${seconds(started)} in all)`);

    say(checkLoadedModules(appDir, result.loadedFiles));
    const changed = diffSnapshots(before, snapshot(appDir));
    if (changed.length > 0) {
      throw new Error(`the app wrote into its own folder, which is read-only in a pod (only /tmp is writable):\n  ${changed.slice(0, 10).join('\n  ')}`);
    }
    say(`OK: ${app.name} builds from the pruned workspace, starts from its deployed folder alone (${folderSize(appDir)}), is ready, and shuts down cleanly`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

/**
 * The host stands in for the Dockerfile's toolchain stage, so it must have the same tools:
 * Node of the image's major version, and exactly the pnpm and turbo versions the image installs.
 * @param {import('./dockerfile.js').Dockerfile} dockerfile
 */
function checkToolchain(dockerfile) {
  const wanted = toolchain(ROOT);
  const nodeMajor = dockerfile.globalArgs.NODE_VERSION?.split('.')[0];
  const problems = [];
  if (nodeMajor !== process.versions.node.split('.')[0]) problems.push(`Node ${process.versions.node} runs this script, the image uses Node ${nodeMajor}`);
  for (const tool of /** @type {const} */ (['pnpm', 'turbo'])) {
    const result = spawnSync(tool, ['--version'], { encoding: 'utf8', env: buildEnv() });
    const version = result.status === 0 ? result.stdout.trim().split('\n').pop() : undefined;
    if (version !== wanted[tool]) problems.push(`${tool} ${version ?? 'is not on PATH'}, the image uses ${tool} ${wanted[tool]}`);
  }
  if (problems.length > 0) throw new Error(`the host toolchain differs from the image's (run scripts/bootstrap and source scripts/env.sh):\n  ${problems.join('\n  ')}`);
  say(`toolchain: node ${process.versions.node}, pnpm ${wanted.pnpm}, turbo ${wanted.turbo}`);
}

/**
 * The replayed RUN lines see the host's tools but none of the variables that a calling pnpm,
 * turbo or jest sets (they would change how the nested pnpm and turbo behave).
 * @returns {NodeJS.ProcessEnv}
 */
function buildEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|TURBO_|JEST_|NODE_OPTIONS$|NODE_PATH$|INIT_CWD$|COREPACK_)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', npm_config_update_notifier: 'false' };
}

/** @param {string | undefined} requested @param {string} app */
function prepareWorkDir(requested, app) {
  if (requested === undefined) return fs.mkdtempSync(path.join(os.tmpdir(), `emm-image-${app}-`));
  if (fs.existsSync(requested) && fs.readdirSync(requested).length > 0) throw new Error(`--work-dir ${requested} is not empty`);
  fs.mkdirSync(requested, { recursive: true });
  return requested;
}

/**
 * @param {string} appDir @param {ImageConfig} image @param {string} sourceDir the app's folder in the repository
 * @returns {string} what was found, for the log
 */
function inspectDeployedFolder(appDir, image, sourceDir) {
  const problems = [];
  const entry = image.cmd.find((part) => /\.[cm]?js$/.test(part));
  if (entry === undefined) problems.push(`CMD ${JSON.stringify(image.cmd)} names no JavaScript entry file`);
  else if (!fs.existsSync(path.join(appDir, entry))) problems.push(`CMD runs ${entry}, which the deployed folder does not contain`);
  if (!fs.existsSync(path.join(appDir, 'node_modules'))) problems.push('the deployed folder has no node_modules');

  /** @type {string[]} */
  const sources = [];
  /** @type {string[]} */
  const escaping = [];
  walk(appDir, (file, stat) => {
    const relative = path.relative(appDir, file);
    if (stat.isSymbolicLink()) {
      const target = path.resolve(path.dirname(file), fs.readlinkSync(file));
      if (!isInside(appDir, target)) escaping.push(`${relative} -> ${target}`);
    } else if (/\.[cm]?ts$/.test(file) && !/\.d\.[cm]?ts$/.test(file) && !relative.split(path.sep).includes('node_modules')) {
      sources.push(relative);
    }
  });
  if (sources.length > 0) {
    problems.push(`the image would ship TypeScript sources (${sources.slice(0, 3).join(', ')}${sources.length > 3 ? ', ...' : ''}): add "files": ["dist"] to ${sourceDir}/package.json`);
  }
  if (escaping.length > 0) problems.push(`symlinks point outside the deployed folder:\n    ${escaping.slice(0, 5).join('\n    ')}`);
  for (let dir = path.dirname(appDir); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) problems.push(`${dir}/node_modules exists, so modules could resolve outside the deployed folder; remove it`);
    if (dir === path.dirname(dir)) break;
  }
  if (problems.length > 0) throw new Error(`the deployed folder is not a self-contained image:\n  ${problems.join('\n  ')}`);
  return `deployed folder ${appDir} is self-contained (${folderSize(appDir)})`;
}

/**
 * @typedef {object} RunResult
 * @property {string} readyAfter
 * @property {string} exit
 * @property {string[]} loadedFiles
 */

/**
 * Runs the image's CMD from the deployed folder with an environment like the pod's.
 * @param {{ appName: string, appDir: string, image: ImageConfig, workDir: string, redisUrl: string, onCleanup: (step: () => void) => void }} input
 * @returns {Promise<RunResult>}
 */
async function startAndProbe({ appName, appDir, image, workDir, redisUrl, onCleanup }) {
  const tmpDir = path.join(workDir, 'pod-tmp');
  const home = path.join(workDir, 'pod-home');
  fs.mkdirSync(tmpDir, { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  const probeOut = path.join(workDir, 'loaded-modules.json');
  const probe = writeModuleProbe(workDir);
  const port = await freePort();

  const env = {
    // Only Node itself: the image has no pnpm, no turbo and no workspace.
    PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: home,
    TMPDIR: tmpDir,
    ...image.env,
    PORT: String(port),
    REDIS_URL: redisUrl,
    ...appEnv(appName, { EMM_ROOT: ROOT, REDIS_URL: redisUrl, TMPDIR: tmpDir }),
    NODE_OPTIONS: `--require ${probe}`,
    EMM_RECIPE_PROBE_OUT: probeOut,
  };
  const [command, ...args] = image.cmd;
  if (command === undefined) throw new Error('the image has no CMD');
  say(`starting ${image.cmd.join(' ')} in ${image.workdir} (port ${port})`);
  const child = spawn(command, args, { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  const keep = (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const tail = () => output.trimEnd().split('\n').slice(-25).join('\n');

  const started = Date.now();
  let lastProblem = 'no answer yet';
  for (;;) {
    if (hasExited) {
      const { code, signal } = /** @type {{ code: number | null, signal: string | null }} */ (await exited);
      throw new Error(`the app exited (code ${code}, signal ${signal}) before /health/ready answered 200:\n${tail()}`);
    }
    if (Date.now() - started > READY_TIMEOUT_MS) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`GET /health/ready did not answer 200 within ${READY_TIMEOUT_MS / 1000} s (${lastProblem}):\n${tail()}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
      lastProblem = `status ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const readyAfter = seconds(started);

  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_TIMEOUT_MS);
  const { code, signal } = /** @type {{ code: number | null, signal: string | null }} */ (await exited);
  clearTimeout(timer);
  if (code !== 0) {
    throw new Error(`after SIGTERM the app exited with ${signal === null ? `code ${code}` : `signal ${signal}`}, not 0 (a pod must drain and exit cleanly):\n${tail()}`);
  }
  if (!fs.existsSync(probeOut)) throw new Error('the app exited without running its exit handlers, so its loaded modules are unknown');
  return { readyAfter, exit: 'with code 0', loadedFiles: JSON.parse(fs.readFileSync(probeOut, 'utf8')) };
}

/**
 * A preload (outside the deployed folder) that records every file Node loads, through require
 * and import alike, and writes the list when the process exits.
 * @param {string} workDir
 */
function writeModuleProbe(workDir) {
  const file = path.join(workDir, 'module-probe.cjs');
  fs.writeFileSync(
    file,
    `'use strict';
const fs = require('node:fs');
const { fileURLToPath } = require('node:url');
const moduleApi = require('node:module');
const loaded = new Set();
if (typeof moduleApi.registerHooks === 'function') {
  moduleApi.registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      if (result.url.startsWith('file:')) loaded.add(fileURLToPath(result.url));
      return result;
    },
  });
}
process.on('exit', () => {
  for (const name of Object.keys(require.cache)) loaded.add(name);
  loaded.delete(__filename);
  fs.writeFileSync(process.env.EMM_RECIPE_PROBE_OUT, JSON.stringify([...loaded]));
});
`,
  );
  return file;
}

/** @param {string} appDir @param {string[]} loadedFiles @returns {string} what was found, for the log */
function checkLoadedModules(appDir, loadedFiles) {
  const realAppDir = fs.realpathSync(appDir);
  const outside = loadedFiles.filter((file) => {
    const real = fs.existsSync(file) ? fs.realpathSync(file) : file;
    return !isInside(realAppDir, real);
  });
  if (outside.length > 0) {
    throw new Error(`the app loaded modules from outside its deployed folder, which the image would not have:\n  ${outside.slice(0, 10).join('\n  ')}`);
  }
  return `all ${loadedFiles.length} modules the app loaded resolve inside the deployed folder`;
}

/**
 * Extra environment an app needs to start (what the chart gives it in a pod), from
 * scripts/image/app-env/<app>.env: KEY=VALUE lines; ${EMM_ROOT}, ${REDIS_URL} and ${TMPDIR} expand.
 * @param {string} app @param {Record<string, string>} vars
 */
function appEnv(app, vars) {
  const file = path.join(__dirname, 'app-env', `${app}.env`);
  if (!fs.existsSync(file)) return {};
  /** @type {Record<string, string>} */
  const env = {};
  for (const [index, raw] of fs.readFileSync(file, 'utf8').split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match === null) throw new Error(`${path.relative(ROOT, file)}:${index + 1}: expected KEY=VALUE`);
    env[match[1]] = substitute(match[2], vars);
  }
  return env;
}

/** @param {string} dataDir @returns {Promise<{ url: string, stop: () => Promise<void> }>} */
async function startRedis(dataDir) {
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const binary = process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const spawnError = new Promise((resolve) => child.once('error', resolve));
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(port))) {
    const failed = await Promise.race([spawnError, new Promise((resolve) => setTimeout(() => resolve(undefined), 50))]);
    if (failed !== undefined) throw new Error(`could not start ${binary}: ${/** @type {Error} */ (failed).message} (install redis-server)`);
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}:\n${output.slice(-2000)}`);
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** @param {number} port @returns {Promise<boolean>} */
function redisAnswers(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address !== null && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A port nothing listens on (it was free a moment ago), for a registry that refuses every request. */
function closedPort() {
  return freePort();
}

/** @param {string} dir @returns {Map<string, string>} */
function snapshot(dir) {
  /** @type {Map<string, string>} */
  const files = new Map();
  walk(dir, (file, stat) => files.set(path.relative(dir, file), stat.isDirectory() ? 'dir' : `${stat.size}:${stat.mtimeMs}`));
  return files;
}

/** @param {Map<string, string>} before @param {Map<string, string>} after */
function diffSnapshots(before, after) {
  const changes = [];
  for (const [file, state] of after) {
    if (!before.has(file)) changes.push(`added ${file}`);
    else if (before.get(file) !== state && state !== 'dir') changes.push(`changed ${file}`);
  }
  for (const file of before.keys()) if (!after.has(file)) changes.push(`removed ${file}`);
  return changes;
}

/** Depth-first walk that does not follow symlinks. @param {string} dir @param {(file: string, stat: fs.Stats) => void} visit */
function walk(dir, visit) {
  for (const entry of fs.readdirSync(dir)) {
    const file = path.join(dir, entry);
    const stat = fs.lstatSync(file);
    visit(file, stat);
    if (stat.isDirectory()) walk(file, visit);
  }
}

/** @param {string} dir */
function folderSize(dir) {
  let bytes = 0;
  walk(dir, (_file, stat) => {
    if (stat.isFile()) bytes += stat.size;
  });
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** @param {string} dir @param {string} file */
function isInside(dir, file) {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function gitRevision() {
  const result = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'unknown';
}

/** @param {number} since */
function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

if (require.main === module) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message ? `image-recipe: ${message}\n` : ''}${USAGE}\n`);
    process.exit(message ? 2 : 0);
  }
  run(options).catch((error) => {
    process.stderr.write(`image-recipe: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

module.exports = { parseArgs, appEnv, inspectDeployedFolder, checkLoadedModules, snapshot, diffSnapshots };
