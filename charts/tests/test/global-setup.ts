import { execFileSync } from 'node:child_process';
import { AGENT_FIXTURE, CHARTS_DEPS_SCRIPT } from '../src/paths';

/** Builds charts/<chart>/charts/*.tgz from the sibling charts, as an operator would before installing. */
export default function globalSetup(): void {
  execFileSync(CHARTS_DEPS_SCRIPT, [], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(CHARTS_DEPS_SCRIPT, [AGENT_FIXTURE], { stdio: ['ignore', 'ignore', 'inherit'] });
}
