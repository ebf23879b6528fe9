// @ts-check
// A small, strict reader for the subset of the Dockerfile language this repository uses, and
// Docker's .dockerignore matching. scripts/image-recipe replays the Dockerfile with it, and the
// release tests inspect the Dockerfile through it, so both see the file exactly the same way.
'use strict';

/**
 * @typedef {object} Instruction
 * @property {string} keyword      upper-case instruction name (FROM, RUN, COPY, ...)
 * @property {string} text         the instruction's arguments with continuations joined
 * @property {Record<string, string>} flags  `--name=value` options (RUN --mount, COPY --from, ...)
 * @property {string} args         the arguments after the flags
 * @property {number} line         1-based line where the instruction starts
 */

/**
 * @typedef {object} Stage
 * @property {string} name         the `AS` name (or the stage's index)
 * @property {string} from         the FROM argument as written (variables not substituted)
 * @property {Instruction[]} instructions  everything after FROM, in order
 * @property {number} line
 */

/**
 * @typedef {object} Dockerfile
 * @property {Record<string, string | undefined>} globalArgs  ARGs before the first FROM, with defaults
 * @property {Stage[]} stages
 */

const KNOWN = new Set(['FROM', 'ARG', 'ENV', 'RUN', 'COPY', 'WORKDIR', 'USER', 'LABEL', 'EXPOSE', 'ENTRYPOINT', 'CMD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

/** @param {string} source Dockerfile text @returns {Dockerfile} */
function parseDockerfile(source) {
  /** @type {Dockerfile} */
  const file = { globalArgs: {}, stages: [] };
  for (const instruction of logicalLines(source)) {
    if (!KNOWN.has(instruction.keyword)) {
      throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} is not supported by scripts/image/dockerfile.js`);
    }
    if (instruction.keyword === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (match === null) throw new Error(`Dockerfile line ${instruction.line}: cannot read FROM ${instruction.args}`);
      file.stages.push({ name: match[2] ?? String(file.stages.length), from: match[1], instructions: [], line: instruction.line });
    } else if (file.stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`Dockerfile line ${instruction.line}: only ARG may come before the first FROM`);
      Object.assign(file.globalArgs, parseArg(instruction.args));
    } else {
      file.stages[file.stages.length - 1].instructions.push(instruction);
    }
  }
  return file;
}

/** @param {string} source @returns {Instruction[]} */
function logicalLines(source) {
  /** @type {Instruction[]} */
  const result = [];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i].trim();
    if (first === '' || first.startsWith('#')) continue;
    const start = i;
    let text = lines[i].trimEnd();
    // A trailing backslash continues the instruction; comment lines inside it are dropped (as Docker does).
    while (text.endsWith('\\') && i + 1 < lines.length) {
      text = text.slice(0, -1);
      i++;
      if (lines[i].trim().startsWith('#')) {
        text += '\\';
        continue;
      }
      text += lines[i].trimEnd();
    }
    const match = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
    if (match === null) continue;
    const { flags, rest } = splitFlags(match[2]);
    result.push({ keyword: match[1].toUpperCase(), text: match[2], flags, args: rest, line: start + 1 });
  }
  return result;
}

/** @param {string} text @returns {{ flags: Record<string, string>, rest: string }} */
function splitFlags(text) {
  /** @type {Record<string, string>} */
  const flags = {};
  let rest = text;
  for (let match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest); match !== null; match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
    flags[match[1]] = match[2] ?? 'true';
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

/** `ARG NAME` or `ARG NAME=default` @param {string} args @returns {Record<string, string | undefined>} */
function parseArg(args) {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(args.trim());
  if (match === null) throw new Error(`cannot read ARG ${args}`);
  return { [match[1]]: match[2] === undefined ? undefined : unquote(match[2]) };
}

/** `ENV A=1 B="two words"` (the legacy `ENV A 1` form too) @param {string} args @returns {Record<string, string>} */
function parseKeyValues(args) {
  /** @type {Record<string, string>} */
  const result = {};
  const legacy = /^([A-Za-z_][A-Za-z0-9_.-]*)\s+([^=]*)$/.exec(args.trim());
  if (legacy !== null && !args.includes('=')) return { [legacy[1]]: legacy[2] };
  const pair = /([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  for (let match = pair.exec(args); match !== null; match = pair.exec(args)) result[match[1]] = unquote(match[2]);
  return result;
}

/** @param {string} value */
function unquote(value) {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(.)/g, '$1');
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

/**
 * Exec form (`["node", "dist/main.js"]`) as an array; shell form as `["/bin/sh", "-c", text]`.
 * @param {string} args
 */
function commandForm(args) {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || parsed.some((part) => typeof part !== 'string')) throw new Error(`not an exec-form array: ${args}`);
    return /** @type {string[]} */ (parsed);
  }
  return ['/bin/sh', '-c', trimmed];
}

/** Sources and destination of COPY (shell or JSON form). @param {string} args */
function copyPaths(args) {
  const parts = args.trim().startsWith('[') ? /** @type {string[]} */ (JSON.parse(args)) : args.trim().split(/\s+/);
  if (parts.length < 2) throw new Error(`COPY needs a source and a destination: ${args}`);
  return { sources: parts.slice(0, -1), destination: /** @type {string} */ (parts[parts.length - 1]) };
}

/**
 * Dockerfile variable substitution: $NAME, ${NAME}, ${NAME:-default}, ${NAME:+alt}.
 * @param {string} text @param {Record<string, string | undefined>} vars
 */
function substitute(text, vars) {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, braced, op, word, bare) => {
    const value = vars[braced ?? bare];
    if (op === '-') return value === undefined || value === '' ? word : value;
    if (op === '+') return value === undefined || value === '' ? '' : word;
    return value ?? '';
  });
}

// ---- .dockerignore ---------------------------------------------------------------------------

/**
 * @typedef {object} IgnoreRule
 * @property {RegExp} regex
 * @property {boolean} exclusion  a `!pattern`: matching paths are included again
 */

/** @param {string} source .dockerignore text @returns {IgnoreRule[]} */
function parseDockerignore(source) {
  /** @type {IgnoreRule[]} */
  const rules = [];
  for (const raw of source.split('\n')) {
    let pattern = raw.trim();
    if (pattern === '' || pattern.startsWith('#')) continue;
    const exclusion = pattern.startsWith('!');
    if (exclusion) pattern = pattern.slice(1).trim();
    pattern = cleanPath(pattern);
    if (pattern === '') continue;
    rules.push({ regex: patternToRegex(pattern), exclusion });
  }
  return rules;
}

/** Like Go's filepath.Clean for the relative, slash-separated paths .dockerignore uses. @param {string} path */
function cleanPath(path) {
  /** @type {string[]} */
  const parts = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** Docker's pattern language (moby/patternmatcher): *, ?, [...], and ** across directories. @param {string} pattern */
function patternToRegex(pattern) {
  let regex = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          regex += '(?:.*/)?';
        } else {
          regex += '.*';
        }
      } else {
        regex += '[^/]*';
      }
    } else if (ch === '?') {
      regex += '[^/]';
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error(`.dockerignore: unclosed [ in ${pattern}`);
      regex += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (ch === '\\' && i + 1 < pattern.length) {
      i++;
      regex += escapeRegex(pattern[i]);
    } else {
      regex += escapeRegex(ch);
    }
  }
  return new RegExp(`${regex}$`);
}

/** @param {string} ch */
function escapeRegex(ch) {
  return /[.+^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * Whether Docker leaves `path` (relative to the context, slash-separated) out of the build context.
 * A pattern matches a path or any of its parent directories; the last matching rule wins.
 * @param {IgnoreRule[]} rules @param {string} path
 */
function isIgnored(rules, path) {
  const parents = [];
  const parts = cleanPath(path).split('/');
  for (let i = 1; i <= parts.length; i++) parents.push(parts.slice(0, i).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (parents.some((candidate) => rule.regex.test(candidate))) ignored = !rule.exclusion;
  }
  return ignored;
}

module.exports = {
  parseDockerfile,
  parseArg,
  parseKeyValues,
  commandForm,
  copyPaths,
  substitute,
  parseDockerignore,
  isIgnored,
};
