import { readFile } from 'node:fs/promises';
import { type JdStructure } from './schema';
import { checkJdStructure, formatPath, type JdPathProblem } from './validate';
import { readYaml, type YamlPosition } from './yaml-source';

/** One problem in a jd.yaml, with where it is when that is known. */
export interface JdProblem {
  /** `areas[1].categories[0].id`; '' for problems of the file as a whole (syntax, reading). */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/**
 * A jd.yaml that cannot be used. `problems` holds every broken rule as
 * `path: what is wrong`; the message lists them for a human, with lines.
 */
export class JdStructureError extends Error {
  readonly problems: string[];

  constructor(
    readonly source: string,
    readonly details: JdProblem[],
  ) {
    const problems = details.map((problem) => (problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`));
    const lines = details.map((problem, i) => {
      const where = problem.path !== '' && problem.line !== undefined ? ` (line ${problem.line})` : '';
      return `  - ${problems[i]}${where}`;
    });
    const count = details.length === 1 ? '1 problem' : `${details.length} problems`;
    super(`${source} is not a valid Johnny.Decimal structure (${count}):\n${lines.join('\n')}`);
    this.name = 'JdStructureError';
    this.problems = problems;
  }
}

/** Parses and validates jd.yaml text; throws JdStructureError listing every problem. */
export function parseJdStructure(text: string, source = 'jd.yaml'): JdStructure {
  const yaml = readYaml(text);
  if (yaml.syntaxErrors.length > 0) {
    throw new JdStructureError(
      source,
      yaml.syntaxErrors.map(({ message, position }) => ({
        path: '',
        message: position ? `line ${position.line}, column ${position.column}: YAML syntax error: ${message}` : `YAML syntax error: ${message}`,
        line: position?.line,
        column: position?.column,
      })),
    );
  }
  if (yaml.empty) {
    throw new JdStructureError(source, [{ path: '', message: 'the file is empty (expected version: 1 and a list of areas)' }]);
  }
  const result = checkJdStructure(yaml.value);
  if (result.structure !== undefined) return result.structure;
  throw new JdStructureError(source, inDocumentOrder(result.problems, yaml.locate));
}

/** Validates an already-parsed value (for example a structure sent as JSON). */
export function validateJdStructure(value: unknown, source = 'JD structure'): JdStructure {
  const result = checkJdStructure(value);
  if (result.structure !== undefined) return result.structure;
  throw new JdStructureError(
    source,
    result.problems.map((problem) => ({ path: formatPath(problem.path), message: problem.message })),
  );
}

/** Reads and validates a jd.yaml file; unreadable files are a JdStructureError too. */
export async function loadJdStructure(path: string): Promise<JdStructure> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    throw new JdStructureError(path, [{ path: '', message: `cannot read the file: ${readFailure(error)}` }]);
  }
  return parseJdStructure(text, path);
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

function inDocumentOrder(problems: JdPathProblem[], locate: (path: JdPathProblem['path']) => YamlPosition | undefined): JdProblem[] {
  return problems
    .map((problem, order) => ({ problem, order, position: locate(problem.path) }))
    .sort(
      (a, b) =>
        (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
        (a.position?.column ?? 0) - (b.position?.column ?? 0) ||
        a.order - b.order,
    )
    .map(({ problem, position }) => ({
      path: formatPath(problem.path),
      message: problem.message,
      line: position?.line,
      column: position?.column,
    }));
}
