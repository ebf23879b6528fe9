import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { actionlint } from './support/actionlint';
import { type Job, type Permissions, type Workflow, WORKFLOW_DIR, loadWorkflow, readRepoFile, repoPath, workflowFiles } from './support/repo';
import { makeTempDir } from '@emm/testing/temp-dir';

const FULL_SHA = /^[0-9a-f]{40}$/;
const ACCESS_RANK = { none: 0, read: 1, write: 2 } as const;

const files = workflowFiles();
const lintResults = actionlint(files.map((file) => join(WORKFLOW_DIR, file)));

function jobsOf(workflow: Workflow): Array<[string, Job]> {
  return Object.entries(workflow.jobs);
}

/** Every `uses:` in a workflow: job-level (reusable workflows) and step-level (actions). */
function usesOf(workflow: Workflow): string[] {
  return jobsOf(workflow).flatMap(([, job]) => [job.uses, ...(job.steps ?? []).map((step) => step.uses)]).filter((uses): uses is string => uses !== undefined);
}

function accessFor(permissions: Permissions | undefined, scope: string): number {
  if (permissions === undefined) return 0;
  if (permissions === 'write-all') return ACCESS_RANK.write;
  if (permissions === 'read-all') return ACCESS_RANK.read;
  return ACCESS_RANK[permissions[scope] ?? 'none'];
}

it('uses an actionlint that reports broken workflows', () => {
  const broken = join(makeTempDir('emm-actionlint-'), 'broken.yml');
  writeFileSync(broken, 'on: push\njobs:\n  build:\n    steps:\n      - run: echo ${{ matrix.missing }}\n');
  const messages = (actionlint([broken])[broken] ?? []).map((problem) => problem.message);
  expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('"runs-on" section is missing'), expect.stringContaining('property "missing" is not defined')]));
});

it('finds the release workflows', () => {
  expect(files).toEqual(expect.arrayContaining(['build-image.yml', 'chart-release.yml', 'ci.yml', 'deploy.yml', 'images.yml']));
});

describe.each(files)('.github/workflows/%s', (file) => {
  const text = readFileSync(join(WORKFLOW_DIR, file), 'utf8');

  it('is valid YAML with a name, triggers and jobs', () => {
    const document = parseDocument(text, { strict: true, uniqueKeys: true });
    expect(document.errors.map((error) => error.message)).toEqual([]);
    const workflow = loadWorkflow(file);
    expect(typeof workflow.name).toBe('string');
    expect(Object.keys(workflow.on).length).toBeGreaterThan(0);
    expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
  });

  it('passes actionlint', () => {
    const problems = lintResults[join(WORKFLOW_DIR, file)] ?? [];
    expect(problems.map((problem) => `${file}:${problem.line}:${problem.column} ${problem.message} [${problem.kind}]`)).toEqual([]);
  });

  it('gives every job a runner or a reusable workflow, and every step a command or an action', () => {
    for (const [name, job] of jobsOf(loadWorkflow(file))) {
      expect({ job: name, runsOnOrUses: job['runs-on'] !== undefined || job.uses !== undefined }).toEqual({ job: name, runsOnOrUses: true });
      for (const [index, step] of (job.steps ?? []).entries()) {
        const kinds = [step.run, step.uses].filter((kind) => kind !== undefined).length;
        expect({ job: name, step: step.name ?? index, kinds }).toEqual({ job: name, step: step.name ?? index, kinds: 1 });
      }
    }
  });

  it('pins every third-party action to a full commit SHA, with its version in a comment', () => {
    const workflow = loadWorkflow(file);
    for (const uses of usesOf(workflow).filter((uses) => !uses.startsWith('./'))) {
      const [action, ref = ''] = uses.split('@');
      expect({ uses, pinned: FULL_SHA.test(ref) }).toEqual({ uses, pinned: true });
      const line = text.split('\n').find((candidate) => candidate.includes(`uses: ${uses}`)) ?? '';
      expect({ action, versionComment: /#\s*v?\d+\.\d+(\.\d+)?\s*$/.test(line) }).toEqual({ action, versionComment: true });
    }
  });

  it('grants permissions explicitly: nothing at workflow level, or on every job', () => {
    const workflow = loadWorkflow(file);
    const workflowLevelNone = workflow.permissions !== undefined && typeof workflow.permissions === 'object' && Object.keys(workflow.permissions).length === 0;
    expect({ file, workflowPermissions: workflowLevelNone }).toEqual({ file, workflowPermissions: true });
    for (const [name, job] of jobsOf(workflow)) {
      expect({ job: name, hasPermissions: job.permissions !== undefined }).toEqual({ job: name, hasPermissions: true });
      expect({ job: name, broad: job.permissions === 'write-all' || job.permissions === 'read-all' }).toEqual({ job: name, broad: false });
    }
  });

  it('checks out without persisting the token in .git/config', () => {
    for (const [name, job] of jobsOf(loadWorkflow(file))) {
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith('actions/checkout@') !== true) continue;
        expect({ job: name, persistCredentials: step.with?.['persist-credentials'] }).toEqual({ job: name, persistCredentials: false });
      }
    }
  });

  it('refers only to repository files that exist', () => {
    const workflow = loadWorkflow(file);
    const referenced = new Set<string>();
    for (const uses of usesOf(workflow).filter((uses) => uses.startsWith('./'))) referenced.add(uses.slice(2));
    for (const [, job] of jobsOf(workflow)) {
      for (const step of job.steps ?? []) {
        for (const match of (step.run ?? '').matchAll(/(?:^|[\s"'])((?:scripts|charts|tests|apps)\/[\w./${}-]+)/g)) {
          const path = match[1].replace(/[.]$/, '');
          if (!path.includes('${') && !path.includes('*')) referenced.add(path);
        }
        const dockerfile = step.with?.file;
        if (typeof dockerfile === 'string') referenced.add(dockerfile);
      }
    }
    const missing = [...referenced].filter((path) => !existsSync(repoPath(path)));
    expect(missing).toEqual([]);
  });

  it('has run scripts that bash can parse (actionlint here has no shellcheck)', () => {
    for (const [name, job] of jobsOf(loadWorkflow(file))) {
      for (const [index, step] of (job.steps ?? []).entries()) {
        if (step.run === undefined) continue;
        // Expressions are replaced by the runner before bash sees the script.
        const script = step.run.replace(/\$\{\{[^}]*\}\}/g, 'EXPR');
        const result = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
        expect({ job: name, step: step.name ?? index, errors: result.stderr }).toEqual({ job: name, step: step.name ?? index, errors: '' });
      }
    }
  });

  it('passes no secret into an image build', () => {
    for (const [, job] of jobsOf(loadWorkflow(file))) {
      for (const step of job.steps ?? []) {
        const buildArgs = step.with?.['build-args'];
        if (typeof buildArgs === 'string') expect(buildArgs).not.toMatch(/secrets\.|TOKEN|PASSWORD|SECRET/i);
      }
    }
  });
});

describe('reusable workflows', () => {
  const calls = files.flatMap((file) =>
    jobsOf(loadWorkflow(file))
      .filter(([, job]) => job.uses?.startsWith('./.github/workflows/') === true)
      .map(([name, job]) => ({ caller: `${file}#${name}`, job, called: (job.uses as string).replace('./.github/workflows/', '') })),
  );

  it('are called by the image workflow', () => {
    expect(calls.map((call) => `${call.caller} -> ${call.called}`)).toEqual(
      expect.arrayContaining(['images.yml#build -> build-image.yml', 'images.yml#deploy-dev -> deploy.yml', 'images.yml#deploy-prod -> deploy.yml']),
    );
  });

  it.each(calls.map((call) => [call.caller, call] as const))('%s passes exactly the inputs the called workflow declares', (_caller, call) => {
    const called = loadWorkflow(call.called);
    const declared = called.on.workflow_call?.inputs ?? {};
    const given = call.job.with ?? {};
    expect(Object.keys(given).filter((name) => !(name in declared))).toEqual([]);
    const required = Object.entries(declared).filter(([, input]) => input.required === true && input.default === undefined).map(([name]) => name);
    expect(required.filter((name) => !(name in given))).toEqual([]);
    for (const [name, value] of Object.entries(given)) {
      const type = declared[name]?.type;
      const isExpression = typeof value === 'string' && value.includes('${{');
      if (!isExpression && type === 'boolean') expect({ input: name, type: typeof value }).toEqual({ input: name, type: 'boolean' });
      if (!isExpression && type === 'string') expect({ input: name, type: typeof value }).toEqual({ input: name, type: 'string' });
    }
  });

  it.each(calls.map((call) => [call.caller, call] as const))('%s grants what the called workflow jobs need', (_caller, call) => {
    for (const [name, job] of jobsOf(loadWorkflow(call.called))) {
      for (const [scope, access] of Object.entries(typeof job.permissions === 'object' ? job.permissions : {})) {
        const granted = accessFor(call.job.permissions, scope);
        expect({ job: `${call.called}#${name}`, scope, enough: granted >= ACCESS_RANK[access] }).toEqual({ job: `${call.called}#${name}`, scope, enough: true });
      }
    }
  });
});

describe('image workflow', () => {
  const images = loadWorkflow('images.yml');
  const buildImage = loadWorkflow('build-image.yml');
  const steps = buildImage.jobs.image.steps ?? [];
  const step = (prefix: string) => steps.filter((candidate) => candidate.uses?.startsWith(prefix) === true);

  it('runs on pushes to main and on v* tags', () => {
    expect(images.on.push).toEqual({ branches: ['main'], tags: ['v*'] });
  });

  it('takes the affected apps from turbo through scripts/image/apps.js, not from a list', () => {
    const plan = (images.jobs.plan.steps ?? []).map((candidate) => candidate.run ?? '').join('\n');
    expect(plan).toContain('node scripts/image/apps.js affected --base "$BEFORE"');
    expect(plan).toContain('node scripts/image/apps.js list');
    expect(images.jobs.build.strategy?.matrix).toEqual({ app: '${{ fromJSON(needs.plan.outputs.build) }}' });
    expect(readRepoFile('scripts', 'image', 'apps.js')).toContain("'ls', '--affected', '--output=json'");
  });

  it('builds with the repository Dockerfile, APP as build arg, a cache per app, provenance and an SBOM', () => {
    const [scan, push] = step('docker/build-push-action@');
    expect(push.with).toMatchObject({
      file: 'Dockerfile',
      target: 'runtime',
      'cache-from': 'type=gha,scope=${{ inputs.app }}',
      'cache-to': 'type=gha,scope=${{ inputs.app }},mode=max',
      provenance: 'mode=max',
      sbom: true,
    });
    expect(push.with?.['build-args']).toEqual(scan.with?.['build-args']);
    expect(String(push.with?.['build-args'])).toContain('APP=${{ inputs.app }}');
  });

  it('tags main builds with the immutable sha-<commit>, and releases with their version only', () => {
    const tags = String(step('docker/metadata-action@')[0].with?.tags);
    expect(tags).toContain("type=sha,format=long,enable=${{ inputs.version == '' }}");
    expect(tags).toContain('type=semver,pattern={{version}}');
  });

  it('scans before pushing and fails on CRITICAL', () => {
    const names = steps.map((candidate) => candidate.uses?.split('@')[0] ?? candidate.name);
    expect(names.indexOf('aquasecurity/trivy-action')).toBeLessThan(names.lastIndexOf('docker/build-push-action'));
    expect(step('aquasecurity/trivy-action@')[0].with).toMatchObject({ severity: 'CRITICAL', 'exit-code': '1' });
  });

  it('signs the pushed digest keylessly with cosign', () => {
    expect(step('sigstore/cosign-installer@')).toHaveLength(1);
    const sign = steps.find((candidate) => candidate.run?.includes('cosign sign') === true);
    expect(sign?.run).toContain('cosign sign --yes "${IMAGE}@${DIGEST}"');
    expect(sign?.env?.DIGEST).toBe('${{ steps.push.outputs.digest }}');
    expect(buildImage.jobs.image.permissions).toMatchObject({ 'id-token': 'write', packages: 'write' });
  });
});

describe('deploy workflow', () => {
  const deploy = loadWorkflow('deploy.yml');
  const job = deploy.jobs.deploy;
  const script = (job.steps ?? []).map((step) => step.run ?? '').join('\n');

  it('installs the umbrella chart with the environment values and the built image tag, atomically', () => {
    expect(script).toMatch(/helm upgrade --install emm charts\/emm -n emm --create-namespace/);
    expect(script).toContain('-f "charts/emm/values-${ENVIRONMENT}.yaml"');
    expect(script).toContain('--set global.image.tag="$TAG"');
    expect(script).toContain('--rollback-on-failure --wait=watcher --timeout 10m');
    expect(script.indexOf('scripts/charts-deps')).toBeLessThan(script.indexOf('helm upgrade'));
  });

  it('has a values file for every environment it offers', () => {
    const environments = deploy.on.workflow_dispatch?.inputs?.environment.options ?? [];
    expect(environments).toEqual(['dev', 'staging', 'prod']);
    for (const environment of environments) expect(existsSync(repoPath('charts', 'emm', `values-${environment}.yaml`))).toBe(true);
  });

  it('runs in the GitHub environment, whose KUBECONFIG secret it requires', () => {
    expect(job.environment).toBe('${{ inputs.environment }}');
    expect(script).toContain('has no KUBECONFIG secret');
  });

  it('deploys dev after main builds, staging then prod (behind its environment) on release tags', () => {
    const images = loadWorkflow('images.yml');
    expect(images.jobs['deploy-dev']).toMatchObject({ needs: ['build', 'carry'], with: { environment: 'dev' } });
    expect(images.jobs['deploy-dev'].with?.tag).toBe('sha-${{ github.sha }}');
    expect(images.jobs['deploy-staging']).toMatchObject({ needs: ['plan', 'build'], with: { environment: 'staging', tag: '${{ needs.plan.outputs.version }}' } });
    expect(images.jobs['deploy-prod']).toMatchObject({ needs: ['plan', 'deploy-staging'], with: { environment: 'prod', tag: '${{ needs.plan.outputs.version }}' } });
    expect(images.jobs['deploy-prod'].if).toContain("github.ref_type == 'tag'");
  });
});

describe('CI and chart release', () => {
  it('CI runs the README test command and scans for secrets with the repository config', () => {
    const ci = loadWorkflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    const script = (ci.jobs.test.steps ?? []).map((step) => step.run ?? '').join('\n');
    expect(script).toContain('bash scripts/test');
    expect(script).toMatch(/secretlint --secretlintrc \.secretlintrc\.json .*"\*\*\/\*"/);
  });

  it('publishes the umbrella chart to oci://ghcr.io/<owner>/charts on v* tags', () => {
    const release = loadWorkflow('chart-release.yml');
    expect(release.on.push).toEqual({ tags: ['v*'] });
    const script = (release.jobs.publish.steps ?? []).map((step) => step.run ?? '').join('\n');
    expect(script.indexOf('scripts/charts-deps')).toBeLessThan(script.indexOf('helm package charts/emm'));
    expect(script).toContain('helm push "$RUNNER_TEMP/charts/emm-${VERSION}.tgz" "oci://ghcr.io/${GITHUB_REPOSITORY_OWNER,,}/charts"');
  });
});
