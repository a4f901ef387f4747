import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { checkLibraryConfigShape, type ConfigPath, type ConfigProblem, type LibraryConfig } from './library-config.schema.ts';

/** A problem with its place in the file, printed as "library.yaml:42:7 circulationRules[3].loanPolicy: …". */
export interface LocatedProblem extends ConfigProblem {
  line: number;
  column: number;
}

export interface ParsedLibraryConfig {
  /** null when the file has problems */
  config: LibraryConfig | null;
  problems: LocatedProblem[];
  /** Where a path of the file is written (for problems found later, against the database). */
  locate(problem: ConfigProblem): LocatedProblem;
}

/** `circulationRules[3].loanPolicy` */
export function describePath(path: ConfigPath): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

export function formatProblem(fileName: string, problem: LocatedProblem): string {
  const where = problem.path.length > 0 ? ` ${describePath(problem.path)}:` : '';
  return `${fileName}:${problem.line}:${problem.column}${where} ${problem.message}`;
}

/** The deepest node along the path that the file has: its key when the path ends at a field, else the value. */
function offsetOf(document: Document, path: ConfigPath): number {
  let node: unknown = document.contents;
  let offset = (document.contents as Node | null)?.range?.[0] ?? 0;
  for (const part of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      const key = pair.key as Node;
      offset = key.range?.[0] ?? offset;
      node = pair.value;
      continue;
    }
    if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
      continue;
    }
    break;
  }
  return offset;
}

/** Read a configuration file: YAML syntax first, then the shape and every policy's settings. */
export function parseLibraryConfig(text: string): ParsedLibraryConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const locate = (problem: ConfigProblem): LocatedProblem => {
    const { line, col } = lineCounter.linePos(offsetOf(document, problem.path));
    return { ...problem, line, column: col };
  };
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { path: [], message: `not valid YAML: ${error.message.split('\n')[0]}`, line, column: col };
    });
    return { config: null, problems, locate };
  }
  const value: unknown = document.toJS({ maxAliasCount: 1000 });
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    return { config: null, problems: [locate({ path: [], message: 'the file must be a mapping of sections (patronGroups:, loanPolicies:, circulationRules: …)' })], locate };
  }
  const { config, problems } = checkLibraryConfigShape(value);
  return { config, problems: problems.map(locate).sort((a, b) => a.line - b.line || a.column - b.column), locate };
}
