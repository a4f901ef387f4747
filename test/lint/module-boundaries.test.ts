import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Modules meet through their public face (src/modules/<name>/index.ts) and do not import each other in a circle.
 * Older code still reaches into other modules' files; those imports and cycles are written down in
 * module-boundaries.baseline.json, which may only shrink: a new import of another module's private file, or a new
 * cycle, fails here, and so does a baseline entry that no longer exists (remove it, so nobody can quietly reuse it).
 * `UPDATE_MODULE_BASELINE=1 npx vitest run test/lint/module-boundaries.test.ts` rewrites the baseline from the code.
 * The adapters (src/http, src/cli, src/jobs, src/seed, src/bench, src/node-context.ts) reach a module only through its
 * index.ts, or its *.routes.ts, which is the module's own HTTP face.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const modulesFolder = path.join(root, 'src', 'modules');
const baselineFile = path.join(root, 'test', 'lint', 'module-boundaries.baseline.json');

interface Baseline {
  imports: string[];
  cycles: string[][];
}

interface ModuleImport {
  fromFile: string;
  fromModule: string;
  importedFile: string;
  importedModule: string;
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every specifier a file imports from: import and export-from declarations, and import(...) calls. */
function importSpecifiersIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push(expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const first = node.arguments[0];
      if (first && ts.isStringLiteralLike(first)) found.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The file a relative specifier names (imports are written with their extension; a folder means its index.ts). */
function resolveRelative(fromFile: string, specifier: string): string {
  const target = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [target, `${target}.ts`, path.join(target, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return target;
}

function moduleOf(file: string): string | undefined {
  const relative = path.relative(modulesFolder, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const parts = relative.split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

const relativeToRoot = (file: string) => path.relative(root, file).split(path.sep).join('/');

function moduleImports(): ModuleImport[] {
  return sourceFiles(modulesFolder).flatMap((file) => {
    const fromModule = moduleOf(file);
    if (!fromModule) return [];
    return importSpecifiersIn(file, fs.readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .flatMap((specifier) => {
        const importedFile = resolveRelative(file, specifier);
        const importedModule = moduleOf(importedFile);
        if (!importedModule || importedModule === fromModule) return [];
        return [{ fromFile: relativeToRoot(file), fromModule, importedFile: relativeToRoot(importedFile), importedModule }];
      });
  });
}

function importsOutsideFaces(imports: ModuleImport[]): string[] {
  const entries = imports
    .filter((entry) => entry.importedFile !== `src/modules/${entry.importedModule}/index.ts`)
    .map((entry) => `${entry.fromFile} -> ${entry.importedFile}`);
  return [...new Set(entries)].sort();
}

/**
 * Groups of modules that import each other in a circle (strongly connected components of two or more modules),
 * each as its sorted module names. Tests are left out: a test importing a fixture does not tie modules at run time.
 */
function moduleCycles(imports: ModuleImport[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const entry of imports) {
    if (/\.test\.tsx?$/.test(entry.fromFile)) continue;
    if (!edges.has(entry.fromModule)) edges.set(entry.fromModule, new Set());
    edges.get(entry.fromModule)!.add(entry.importedModule);
  }
  // Tarjan's algorithm.
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (module: string) => {
    index.set(module, index.size);
    lowLink.set(module, index.get(module)!);
    stack.push(module);
    onStack.add(module);
    for (const next of edges.get(module) ?? []) {
      if (!index.has(next)) {
        connect(next);
        lowLink.set(module, Math.min(lowLink.get(module)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(module, Math.min(lowLink.get(module)!, index.get(next)!));
      }
    }
    if (lowLink.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    if (component.length > 1) components.push(component.sort());
  };
  for (const module of [...edges.keys()].sort()) if (!index.has(module)) connect(module);
  return components.sort((a, b) => a.join(',').localeCompare(b.join(',')));
}

function readBaseline(): Baseline {
  if (!fs.existsSync(baselineFile)) return { imports: [], cycles: [] };
  return JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as Baseline;
}

/** Imports from an adapter into a module that pass its faces (index.ts, *.routes.ts). */
function adapterImportsPastFaces(): string[] {
  const adapterFiles = ['http', 'cli', 'jobs', 'seed', 'bench'].flatMap((folder) => sourceFiles(path.join(root, 'src', folder)));
  adapterFiles.push(path.join(root, 'src', 'node-context.ts'));
  return adapterFiles.flatMap((file) =>
    importSpecifiersIn(file, fs.readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolveRelative(file, specifier))
      .filter((imported) => moduleOf(imported) !== undefined && !/(\/index|\.routes)\.ts$/.test(imported))
      .map((imported) => `${relativeToRoot(file)} -> ${relativeToRoot(imported)}`),
  );
}

describe('modules meet through their public face', () => {
  const imports = moduleImports();
  const outsideFaces = importsOutsideFaces(imports);
  const cycles = moduleCycles(imports);

  if (process.env.UPDATE_MODULE_BASELINE === '1') {
    fs.writeFileSync(baselineFile, `${JSON.stringify({ imports: outsideFaces, cycles }, null, 2)}\n`);
  }
  const baseline = readBaseline();

  it('adds no import of another module’s private file', () => {
    expect(imports.length).toBeGreaterThan(50);
    const allowed = new Set(baseline.imports);
    const added = outsideFaces
      .filter((entry) => !allowed.has(entry))
      .map((entry) => `${entry}: import through the module's index.ts instead (export it there if it is meant for others)`);
    expect(added).toEqual([]);
  });

  it('lets the adapters (HTTP, CLI, jobs, seed, bench) reach a module only through its index.ts or its routes', () => {
    expect(adapterImportsPastFaces()).toEqual([]);
  });

  it('keeps no baseline import that the code no longer has', () => {
    const current = new Set(outsideFaces);
    const gone = baseline.imports
      .filter((entry) => !current.has(entry))
      .map((entry) => `${entry}: no longer imported; remove it from test/lint/module-boundaries.baseline.json`);
    expect(gone).toEqual([]);
  });

  it('adds no cycle between modules', () => {
    // A cycle that shrank is still inside its baseline entry; a new cycle or a module joining one is not.
    const added = cycles
      .filter((cycle) => !baseline.cycles.some((allowed) => cycle.every((module) => allowed.includes(module))))
      .map((cycle) => `${cycle.join(', ')}: these modules import each other in a circle; break it`);
    expect(added).toEqual([]);
  });

  it('keeps no baseline cycle that the code no longer has', () => {
    const current = new Set(cycles.map((cycle) => cycle.join(',')));
    const gone = baseline.cycles
      .filter((cycle) => !current.has([...cycle].sort().join(',')))
      .map((cycle) => `${cycle.join(', ')}: this cycle changed or is gone; remove it from the baseline (regenerate it)`);
    expect(gone).toEqual([]);
  });

  it('would catch the imports and cycles it forbids', () => {
    const at = (fromModule: string, file: string, importedModule: string, importedFile: string): ModuleImport => ({
      fromFile: `src/modules/${fromModule}/${file}`,
      fromModule,
      importedFile: `src/modules/${importedModule}/${importedFile}`,
      importedModule,
    });
    const sample = [
      at('fees', 'fee.service.ts', 'audit', 'index.ts'),
      at('fees', 'fee.service.ts', 'patrons', 'patron.queries.ts'),
      at('patrons', 'patron.service.ts', 'fees', 'index.ts'),
      at('patrons', 'patron.policy.test.ts', 'audit', 'audit.queries.ts'),
    ];
    expect(importsOutsideFaces(sample)).toEqual([
      'src/modules/fees/fee.service.ts -> src/modules/patrons/patron.queries.ts',
      'src/modules/patrons/patron.policy.test.ts -> src/modules/audit/audit.queries.ts',
    ]);
    expect(moduleCycles(sample)).toEqual([['fees', 'patrons']]);
    expect(moduleCycles(sample.slice(0, 2))).toEqual([]);
    const specifiers = importSpecifiersIn(
      'example.ts',
      "import type { A } from '../a/a.ts';\nexport { b } from '../b/index.ts';\nconst c = await import('../c/c.ts');",
    );
    expect(specifiers).toEqual(['../a/a.ts', '../b/index.ts', '../c/c.ts']);
  });
});
