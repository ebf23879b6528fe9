import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  Scalar,
} from 'yaml';

/**
 * Keys whose values are text even when YAML would read a number: `id: 11.10`
 * must stay "11.10", not become 11.1, and `name: 2024` stays "2024".
 */
const TEXT_KEYS = new Set(['id', 'name', 'description', 'reviewInbox']);
/** Keys holding lists of text (`keywords: [2024, tax]`). */
const TEXT_LIST_KEYS = new Set(['keywords']);

export interface YamlPosition {
  line: number;
  column: number;
}

export interface YamlSyntaxError {
  message: string;
  position?: YamlPosition;
}

/** A parsed jd.yaml: its plain value plus a way back to line numbers. */
export interface YamlSource {
  value: unknown;
  empty: boolean;
  syntaxErrors: YamlSyntaxError[];
  /** Where `path` starts in the file (the key for map entries), if it exists. */
  locate(path: readonly (string | number)[]): YamlPosition | undefined;
}

export function readYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toPosition = (offset: number): YamlPosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxErrors = doc.errors.map(
    (error): YamlSyntaxError => ({
      // prettyErrors is off, so the message is the bare reason; cut defensively anyway.
      message: error.message.split(' at line ')[0],
      position: toPosition(error.pos[0]),
    }),
  );
  return {
    value: syntaxErrors.length > 0 ? undefined : toPlain(doc, doc.contents, 'plain', new Set()),
    empty: doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null),
    syntaxErrors,
    locate: (path) => {
      const offset = locateOffset(doc, path);
      return offset === undefined ? undefined : toPosition(offset);
    },
  };
}

type ScalarMode = 'plain' | 'text' | 'text-list';

/**
 * YAML node → plain value. Unlike doc.toJS(), text fields keep their source
 * spelling, and entries whose value is empty (`description:`) are left out as
 * if absent, so optional fields may be written blank.
 */
function toPlain(doc: Document, node: unknown, mode: ScalarMode, resolving: Set<unknown>): unknown {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (target === undefined || resolving.has(target)) return undefined;
    resolving.add(target);
    const value = toPlain(doc, target, mode, resolving);
    resolving.delete(target);
    return value;
  }
  if (isScalar(node)) return scalarValue(node, mode === 'plain' ? 'plain' : 'text');
  if (isSeq(node)) {
    const itemMode = mode === 'text-list' ? 'text' : 'plain';
    return node.items.map((item) => toPlain(doc, item, itemMode, resolving));
  }
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(scalarValue(pair.key, 'text')) : String(toPlain(doc, pair.key, 'plain', resolving));
      const valueMode: ScalarMode = TEXT_KEYS.has(key) ? 'text' : TEXT_LIST_KEYS.has(key) ? 'text-list' : 'plain';
      const value = toPlain(doc, pair.value, valueMode, resolving);
      if (value !== null && value !== undefined) result[key] = value;
    }
    return result;
  }
  return node === null || node === undefined ? null : undefined;
}

function scalarValue(node: Scalar, mode: 'plain' | 'text'): unknown {
  const value = node.value;
  const resolvedFromPlainText = node.type === Scalar.PLAIN && node.source !== undefined;
  if (mode === 'text' && resolvedFromPlainText && (typeof value === 'number' || typeof value === 'boolean')) {
    return node.source;
  }
  return value;
}

function locateOffset(doc: Document, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (typeof segment === 'number' && isSeq(node)) {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
    } else if (typeof segment === 'string' && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(scalarValue(item.key, 'text')) === segment);
      if (pair === undefined) return offset;
      node = pair.value;
      offset = rangeStart(pair.key) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
