import type { components, paths } from './carrel-api.ts';

/** The reply shapes the routes name (`.meta({ id })`), generated from the OpenAPI document. */
export type Schemas = components['schemas'];

/** Every status an item can have. */
export type ItemStatus = Schemas['Item']['status'];

/** Every state a request can be in. */
export type RequestStatus = Schemas['RequestStatus'];

/** Why circulation refused, or the server's error code: a map over them is checked by the compiler. */
export type RefusalCode = Schemas['RefusalCode'];

/** A list reply: one page of rows and how many there are in all. */
export interface Page<Row> {
  items: Row[];
  total: number;
}

/** The JSON body a route takes, as its zod schema declares it. */
export type BodyOf<P extends keyof paths, M extends 'post' | 'put' | 'patch' | 'delete'> = paths[P] extends {
  [method in M]: { requestBody?: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

/** The JSON reply a route declares for success. */
export type ReplyOf<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'patch' | 'delete'> = paths[P] extends {
  [method in M]: { responses: { 200: { content: { 'application/json': infer Reply } } } };
}
  ? Reply
  : never;
