import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RENDER_CACHE_VARIABLE } from '../src/helm';
import { AGENT_FIXTURE, CHARTS_DEPS_SCRIPT } from '../src/paths';

/**
 * Builds charts/<chart>/charts/*.tgz from the sibling charts, as an operator
 * would before installing, and gives this run an empty render cache (the
 * workers inherit its location).
 */
export default function globalSetup(): void {
  execFileSync(CHARTS_DEPS_SCRIPT, [], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(CHARTS_DEPS_SCRIPT, [AGENT_FIXTURE], { stdio: ['ignore', 'ignore', 'inherit'] });
  process.env[RENDER_CACHE_VARIABLE] = mkdtempSync(join(tmpdir(), 'emm-chart-renders-'));
}
