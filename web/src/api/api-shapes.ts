import type { components, paths } from './carrel-api.ts';

/** The reply shapes the routes name (`.meta({ id })`), generated from the OpenAPI document. */
export type Schemas = components['schemas'];

type GetQuery<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Query } } } ? NonNullable<Query> : never;

/** Every status an item can have: the catalog's item filter names them all. */
export type ItemStatus = NonNullable<GetQuery<'/items'>['status']>;

/** Every state a request can be in: the desk's request filter names them all. */
export type RequestStatus = NonNullable<GetQuery<'/requests'>['status']>;

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
