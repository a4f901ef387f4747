import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../scripts/api-types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

type Document = Awaited<ReturnType<typeof openApiDocument>>;

/** Every `$ref` in the document, so a named shape the document does not define is caught. */
function refsIn(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((entry) => refsIn(entry, found));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.add(child);
      else refsIn(child, found);
    }
  }
  return found;
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

// The web client's types are generated from the OpenAPI document: a route without a success reply shape leaves
// the client guessing (and the serializer checking nothing), a dangling or doubled name gives it the wrong type.
describe('reply shapes in the API document', () => {
  let document: Document;
  beforeAll(async () => {
    document = await openApiDocument();
  }, 120_000);

  it('every /api/v1 route declares the reply it sends on success', () => {
    const missing: string[] = [];
    for (const [route, item] of Object.entries(document.paths ?? {})) {
      if (!route.startsWith('/api/v1/')) continue;
      for (const method of methods) {
        const operation = (item as Record<string, Operation | undefined>)[method];
        if (!operation) continue;
        const declared = Object.entries(operation.responses ?? {}).some(([status, reply]) => status === '204' || (/^2\d\d$/.test(status) && reply.content !== undefined));
        if (!declared) missing.push(`${method.toUpperCase()} ${route}`);
      }
    }
    expect(missing, 'routes without `response: { 200 | 201 | 204: schema }` (see docs/developer-notes.md, Replies)').toEqual([]);
  });

  it('every named reply shape it refers to is defined in components/schemas', () => {
    const defined = new Set(Object.keys(document.components?.schemas ?? {}).map((name) => `#/components/schemas/${name}`));
    const dangling = [...refsIn(document, new Set())].filter((ref) => ref.startsWith('#/components/schemas/') && !defined.has(ref));
    expect(dangling).toEqual([]);
  });

  it('no two shapes claim the same component name (the later one would silently replace the other)', () => {
    const claims = new Map<string, string[]>();
    for (const file of sourceFiles(path.join(root, 'src'))) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/\.meta\(\{\s*id:\s*'([^']+)'/g)) {
        claims.set(match[1]!, [...(claims.get(match[1]!) ?? []), path.relative(root, file)]);
      }
    }
    const doubled = [...claims].filter(([, files]) => files.length > 1).map(([id, files]) => `${id}: ${files.join(', ')}`);
    expect(doubled).toEqual([]);
  });
});
