#!/usr/bin/env node
// @ts-check
// The exact tool versions an image build uses, read from the repository itself so that
// the Dockerfile's toolchain stage, CI and scripts/image-recipe can never disagree:
// pnpm from package.json's `packageManager`, turbo from the lockfile's root importer.
// Dependency-free on purpose: it runs in the Dockerfile's toolchain stage before any install.
//
//   node scripts/image/toolchain.js            -> "pnpm@10.34.8 turbo@2.11.11" (npm install specs)
//   node scripts/image/toolchain.js turbo      -> "2.11.11"
'use strict';

const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** @param {string} root repository root holding package.json */
function pnpmVersion(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(String(manifest.packageManager ?? ''));
  if (match === null) throw new Error('package.json has no "packageManager": "pnpm@<x.y.z>" pin');
  return match[1];
}

/**
 * The version the lockfile resolved for one of the root package's (dev)dependencies.
 * Reads pnpm lockfile v9 text: `importers:` → `  .:` → `      <name>:` → `        version: x`.
 * @param {string} root
 * @param {string} name
 */
function lockedRootVersion(root, name) {
  const lines = readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8').split('\n');
  const importers = lines.indexOf('importers:');
  const rootImporter = lines.indexOf('  .:', importers);
  if (importers < 0 || rootImporter < 0) throw new Error('pnpm-lock.yaml has no root importer');
  // Scoped names are quoted in the lockfile ('@scope/name':), plain ones are not.
  const keys = [`      ${name}:`, `      '${name}':`];
  for (let i = rootImporter + 1; i < lines.length && !/^ {2}\S/.test(lines[i]); i++) {
    if (!keys.includes(lines[i])) continue;
    for (let j = i + 1; j < lines.length && lines[j].startsWith('        '); j++) {
      const version = /^ {8}version: '?([^'\s(]+)/.exec(lines[j]);
      if (version !== null) return version[1];
    }
  }
  throw new Error(`pnpm-lock.yaml does not pin ${name} for the workspace root`);
}

/** @param {string} root */
function toolchain(root) {
  return { pnpm: pnpmVersion(root), turbo: lockedRootVersion(root, 'turbo') };
}

module.exports = { toolchain, pnpmVersion, lockedRootVersion };

if (require.main === module) {
  const root = process.cwd();
  try {
    const tools = toolchain(root);
    const which = process.argv[2];
    if (which === undefined) {
      process.stdout.write(`pnpm@${tools.pnpm} turbo@${tools.turbo}\n`);
    } else if (which === 'pnpm' || which === 'turbo') {
      process.stdout.write(`${tools[which]}\n`);
    } else {
      throw new Error(`unknown tool "${which}" (expected pnpm or turbo)`);
    }
  } catch (error) {
    process.stderr.write(`toolchain: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
