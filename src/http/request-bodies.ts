import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withoutControlCharacters } from '../platform/plain-text.ts';

/**
 * Every request body is read strictly: a field the route does not know is refused (400
 * VALIDATION_FAILED naming it) instead of dropped, so a typo or a wished-for option such as
 * `dryRun` never goes through as if it had been understood; and no string in a body may carry
 * control characters. Done here, once, for every route, so that no route can forget it; a route
 * that takes no body takes none at all.
 */
export function installStrictBodies(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((method) => method === 'GET' || method === 'HEAD')) return;
    const schema = (route.schema ??= {});
    schema.body = schema.body instanceof z.ZodType ? strictBody(schema.body) : noBody;
  });
}

/** The body of a route that reads none: nothing (null when no JSON was sent), or an empty JSON object. */
const noBody = z.strictObject({}).nullish();

/** The same schema with every object strict and every string refusing control characters. */
export function strictBody(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const rebuilt = (changes: Record<string, unknown>) => schema.clone({ ...mergedDef(def), ...changes } as never);
  switch (def.type) {
    case 'string':
      return withoutControlCharacters(schema as z.ZodString, { multiline: true });
    case 'object': {
      const shape = Object.fromEntries(Object.entries((schema as z.ZodObject).shape).map(([key, field]) => [key, strictBody(field as z.ZodType)]));
      // A schema that says on purpose what it does with other keys (loose, catchall) keeps its word.
      return rebuilt({ shape, catchall: def.catchall ?? z.never() });
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return rebuilt({ innerType: strictBody(def.innerType as z.ZodType) });
    case 'array':
      return rebuilt({ element: strictBody(def.element as z.ZodType) });
    case 'union':
      return rebuilt({ options: (def.options as z.ZodType[]).map(strictBody) });
    case 'pipe':
      return rebuilt({ in: strictBody(def.in as z.ZodType) });
    case 'record':
      return rebuilt({ valueType: strictBody(def.valueType as z.ZodType) });
    default:
      // Intersections (each side would refuse the other's keys), lazy schemas, scalars: as written.
      return schema;
  }
}

/** A copy of a schema definition with its getters (an object's shape) kept as getters. */
function mergedDef(def: object): Record<string, unknown> {
  return Object.defineProperties({}, Object.getOwnPropertyDescriptors(def)) as Record<string, unknown>;
}
