// @ts-check
// Replays the Dockerfile without Docker, so the image recipe is exercised on machines that have
// no container engine. Stages FROM an external image (the toolchain and runtime bases) stand for
// what the host provides: their RUN lines install Node, pnpm, turbo and tini, which the host
// already has. Every stage FROM another stage is replayed instruction by instruction, each in its
// own directory standing for that stage's root filesystem: ARG, ENV, WORKDIR, COPY (from the
// build context through .dockerignore, or --from another stage), RUN (through /bin/sh in the
// mapped WORKDIR), and the image settings (USER, EXPOSE, LABEL, ENTRYPOINT, CMD).
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { commandForm, copyPaths, isIgnored, parseArg, parseDockerignore, parseKeyValues, substitute } = require('./dockerfile.js');

/**
 * @typedef {import('./dockerfile.js').Dockerfile} Dockerfile
 * @typedef {import('./dockerfile.js').Stage} Stage
 */

/**
 * @typedef {object} ImageConfig  what `docker inspect` would show for the replayed stage
 * @property {string} root        directory standing for the stage's root filesystem
 * @property {string} workdir     WORKDIR inside the image (absolute, POSIX)
 * @property {Record<string, string>} env   ENV set by replayed stages
 * @property {Record<string, string>} labels
 * @property {string | undefined} user
 * @property {string[]} exposed
 * @property {string[]} entrypoint
 * @property {string[]} cmd
 */

/**
 * @typedef {object} ReplayOptions
 * @property {Dockerfile} dockerfile
 * @property {string} target                 stage to produce (e.g. "runtime")
 * @property {Record<string, string>} buildArgs
 * @property {string} contextDir             the build context (repository root)
 * @property {string} workDir                empty scratch directory; stage roots go below it
 * @property {NodeJS.ProcessEnv} hostEnv     environment standing in for the provided stages' tools
 * @property {(line: string) => void} log
 */

/** Stages this file defines whose FROM is not another stage of the file. @param {Dockerfile} dockerfile @param {Record<string, string>} buildArgs */
function providedStages(dockerfile, buildArgs) {
  const names = new Set();
  const provided = new Set();
  for (const stage of dockerfile.stages) {
    if (!names.has(fromOf(dockerfile, stage, buildArgs))) provided.add(stage.name);
    names.add(stage.name);
  }
  return provided;
}

/** @param {Dockerfile} dockerfile @param {Stage} stage @param {Record<string, string>} buildArgs */
function fromOf(dockerfile, stage, buildArgs) {
  return substitute(stage.from, { ...dockerfile.globalArgs, ...buildArgs });
}

/** @param {ReplayOptions} options @returns {ImageConfig} */
function replay(options) {
  const { dockerfile, target, buildArgs } = options;
  const provided = providedStages(dockerfile, buildArgs);
  const stages = new Map(dockerfile.stages.map((stage) => [stage.name, stage]));
  if (!stages.has(target)) throw new Error(`Dockerfile has no stage named ${target}`);

  /** @type {Map<string, ImageConfig>} */
  const done = new Map();
  /** @param {string} name @returns {ImageConfig} */
  const build = (name) => {
    const existing = done.get(name);
    if (existing !== undefined) return existing;
    const stage = /** @type {Stage} */ (stages.get(name));
    const config = provided.has(name) ? describeProvidedStage(stage) : replayStage(stage, build, options, provided);
    done.set(name, config);
    return config;
  };
  return build(target);
}

/**
 * A provided stage contributes only its final WORKDIR: its files and tools are the host's.
 * @param {Stage} stage @returns {ImageConfig}
 */
function describeProvidedStage(stage) {
  let workdir = '/';
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, instruction.args);
  }
  return { root: '', workdir, env: {}, labels: {}, user: undefined, exposed: [], entrypoint: [], cmd: [] };
}

/**
 * @param {Stage} stage
 * @param {(name: string) => ImageConfig} build  produces (or returns) another stage
 * @param {ReplayOptions} options
 * @param {Set<string>} provided
 * @returns {ImageConfig}
 */
function replayStage(stage, build, options, provided) {
  const { dockerfile, buildArgs, workDir, log } = options;
  const base = build(fromOf(dockerfile, stage, buildArgs));
  const root = path.join(workDir, 'stages', stage.name);
  fs.mkdirSync(root, { recursive: true });
  /** @type {ImageConfig} */
  const config = { ...base, root, env: { ...base.env }, labels: { ...base.labels }, exposed: [...base.exposed] };
  fs.mkdirSync(hostPath(config, config.workdir), { recursive: true });
  /** @type {Record<string, string>} */
  const args = {};
  const vars = () => ({ ...args, ...config.env });

  stage.instructions.forEach((instruction, index) => {
    const label = `[${stage.name} ${index + 1}/${stage.instructions.length}] ${instruction.keyword} ${oneLine(instruction.text)}`;
    switch (instruction.keyword) {
      case 'ARG': {
        const [[name, fallback]] = Object.entries(parseArg(instruction.args));
        const value = buildArgs[name] ?? fallback ?? dockerfile.globalArgs[name];
        if (value !== undefined) args[name] = value;
        return;
      }
      case 'ENV':
        for (const [key, value] of Object.entries(parseKeyValues(instruction.args))) config.env[key] = substitute(value, vars());
        return;
      case 'LABEL':
        for (const [key, value] of Object.entries(parseKeyValues(instruction.args))) config.labels[key] = substitute(value, vars());
        return;
      case 'WORKDIR':
        config.workdir = path.posix.resolve(config.workdir, substitute(instruction.args, vars()));
        fs.mkdirSync(hostPath(config, config.workdir), { recursive: true });
        return;
      case 'USER':
        config.user = substitute(instruction.args, vars());
        return;
      case 'EXPOSE':
        config.exposed.push(...substitute(instruction.args, vars()).split(/\s+/));
        return;
      case 'ENTRYPOINT':
        config.entrypoint = commandForm(instruction.args);
        return;
      case 'CMD':
        config.cmd = commandForm(instruction.args);
        return;
      case 'STOPSIGNAL':
      case 'HEALTHCHECK':
        return;
      case 'COPY': {
        const from = instruction.flags.from;
        if (from !== undefined && provided.has(from)) throw new Error(`${label}: cannot replay a COPY from ${from}, a stage the host provides`);
        if (from !== undefined) build(from);
        log(label);
        const { sources, destination } = copyPaths(substitute(instruction.args, vars()));
        const destinationPath = hostPath(config, path.posix.resolve(config.workdir, destination));
        const intoDirectory = destination.endsWith('/') || sources.length > 1 || destination === '.';
        for (const source of sources) {
          if (from === undefined) copyFromContext(options.contextDir, source, destinationPath, intoDirectory);
          else copyFromStage(build(from), source, destinationPath, intoDirectory);
        }
        return;
      }
      case 'RUN': {
        log(label);
        const command = commandForm(instruction.args);
        const absolute = /(?:^|[\s=:"'(])\/(?!dev\/null\b)[A-Za-z]/.exec(instruction.args);
        if (absolute !== null) {
          throw new Error(`${label}: uses an absolute path; RUN lines of replayed stages may use relative paths only, so they mean the same with and without Docker`);
        }
        const started = Date.now();
        const result = spawnSync(/** @type {string} */ (command[0]), command.slice(1), {
          cwd: hostPath(config, config.workdir),
          env: { ...options.hostEnv, ...vars() },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        if (result.error !== undefined) throw new Error(`${label}: could not start: ${result.error.message}`);
        if (result.status !== 0) throw new Error(`${label}: failed with exit code ${result.status ?? result.signal}`);
        log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return;
      }
      default:
        throw new Error(`${label}: ${instruction.keyword} cannot be replayed`);
    }
  });
  return config;
}

/** Where an absolute path inside the stage's filesystem lives on the host. @param {ImageConfig} config @param {string} imagePath */
function hostPath(config, imagePath) {
  return path.join(config.root, ...imagePath.split('/').filter(Boolean));
}

/**
 * COPY from the build context: the source is relative to the context, and .dockerignore decides
 * what the context holds.
 * @param {string} contextDir @param {string} source @param {string} destination @param {boolean} intoDirectory
 */
function copyFromContext(contextDir, source, destination, intoDirectory) {
  const ignoreFile = path.join(contextDir, '.dockerignore');
  const rules = fs.existsSync(ignoreFile) ? parseDockerignore(fs.readFileSync(ignoreFile, 'utf8')) : [];
  const relative = path.posix.normalize(source).replace(/^\/+/, '');
  if (relative.startsWith('..')) throw new Error(`COPY source ${source} is outside the build context`);
  const sourcePath = path.join(contextDir, relative);
  if (relative !== '.' && (isIgnored(rules, relative) || !fs.existsSync(sourcePath))) {
    throw new Error(`COPY source ${source} is not in the build context (missing, or excluded by .dockerignore)`);
  }
  const include = (/** @type {string} */ absolute) => {
    const inContext = path.relative(contextDir, absolute).split(path.sep).join('/');
    return inContext === '' || !isIgnored(rules, inContext);
  };
  copyEntry(sourcePath, destination, intoDirectory, include);
}

/** @param {ImageConfig} stage @param {string} source @param {string} destination @param {boolean} intoDirectory */
function copyFromStage(stage, source, destination, intoDirectory) {
  // Sources of COPY --from are paths in that stage's filesystem, relative to its root.
  const sourcePath = hostPath(stage, path.posix.resolve('/', source));
  if (!fs.existsSync(sourcePath)) throw new Error(`COPY --from: ${source} does not exist in that stage`);
  copyEntry(sourcePath, destination, intoDirectory, () => true);
}

/**
 * Docker's COPY: a directory's contents go into the destination; a file goes to the destination
 * path, or into it when it names a directory. Symlinks are copied as links.
 * @param {string} source @param {string} destination @param {boolean} intoDirectory @param {(path: string) => boolean} include
 */
function copyEntry(source, destination, intoDirectory, include) {
  const stat = fs.lstatSync(source);
  if (stat.isDirectory()) {
    fs.mkdirSync(destination, { recursive: true });
    copyTree(source, destination, include);
    return;
  }
  const target = intoDirectory || (fs.existsSync(destination) && fs.statSync(destination).isDirectory())
    ? path.join(destination, path.basename(source))
    : destination;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  copyNode(source, target, stat);
}

/** @param {string} from @param {string} to @param {(path: string) => boolean} include */
function copyTree(from, to, include) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (!include(source)) continue;
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(target, { recursive: true });
      copyTree(source, target, include);
    } else {
      copyNode(source, target, fs.lstatSync(source));
    }
  }
}

/** @param {string} source @param {string} target @param {fs.Stats} stat */
function copyNode(source, target, stat) {
  fs.rmSync(target, { force: true, recursive: true });
  if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
  else fs.copyFileSync(source, target);
}

/** @param {string} text */
function oneLine(text) {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 110 ? `${flat.slice(0, 107)}...` : flat;
}

module.exports = { replay, providedStages, hostPath };
