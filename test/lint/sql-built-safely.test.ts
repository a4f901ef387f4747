import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No SQL built by string concatenation: values reach the database only as parameters of Kysely's builder or its
 * `sql` template. This fails on `sql.raw(...)` or a driver's prepare/query/exec given a template with `${}` or a `+`
 * concatenation. Migrations are exempt: they run fixed DDL written by us, never with outside input.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rawSqlCalls = new Set(['raw']);
const driverCalls = new Set(['prepare', 'query', 'exec']);

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function isBuiltFromPieces(argument: ts.Expression): boolean {
  if (ts.isTemplateExpression(argument)) return true;
  if (ts.isBinaryExpression(argument) && argument.operatorToken.kind === ts.SyntaxKind.PlusToken) return true;
  return ts.isParenthesizedExpression(argument) && isBuiltFromPieces(argument.expression);
}

function isSqlExecutingCall(call: ts.CallExpression): boolean {
  if (!ts.isPropertyAccessExpression(call.expression)) return false;
  const method = call.expression.name.text;
  const receiver = call.expression.expression;
  if (rawSqlCalls.has(method)) return ts.isIdentifier(receiver) && receiver.text === 'sql';
  // A regular expression's exec is not SQL.
  return driverCalls.has(method) && !ts.isRegularExpressionLiteral(receiver);
}

function unsafeSqlIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && isSqlExecutingCall(node)) {
      const first = node.arguments[0];
      if (first && isBuiltFromPieces(first)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${path.relative(root, fileName)}:${line + 1}: ${node.getText().slice(0, 80)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('SQL is never built by string concatenation', () => {
  it('finds no raw SQL assembled from pieces in the server code', () => {
    const files = sourceFiles(path.join(root, 'src'));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) => unsafeSqlIn(file, fs.readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  it('would catch the patterns it forbids', () => {
    const offending = [
      "await sql.raw(`select * from patron where barcode = '${barcode}'`).execute(db);",
      "database.prepare('select * from item where id = ' + id).get();",
      'await pool.query(`delete from loan where id = ${loanId}`);',
    ];
    for (const line of offending) expect(unsafeSqlIn('example.ts', line)).toHaveLength(1);
    expect(unsafeSqlIn('example.ts', 'await sql`select * from patron where barcode = ${barcode}`.execute(db);')).toEqual([]);
    expect(unsafeSqlIn('example.ts', 'const match = /^(\\d+)$/.exec(`${text}`);')).toEqual([]);
  });
});
