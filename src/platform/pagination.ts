import { z } from 'zod';

/** limit/offset paging shared by every list route; lists reply { items, total }. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});

export type PageQuery = z.infer<typeof pageQuery>;

export function listReplySchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}
