import { z } from 'zod';
import { actorOf, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { pageQuery } from '../../platform/pagination.ts';
import { itemsPage, referenceTypesOf, requireInstanceDetail, requireItemView, searchInstances } from './catalog-records.reads.ts';
import { catalogSearchReply, instanceReply, itemReply, itemsReply, loanTypeReply, loanTypesReply, materialTypeReply, materialTypesReply } from './catalog.replies.ts';
import { createInstance, createItem, updateInstance, updateItem } from './catalog.service.ts';
import { createReferenceType, updateReferenceType, type ItemTypeTable } from './reference-type.service.ts';
import { itemStatuses } from './item-status.ts';

export const instanceFormats = [
  'book', 'ebook', 'dvd', 'blu-ray', 'audio', 'score', 'map', 'periodical', 'article', 'equipment',
  'kit', 'microform', 'thesis', 'manuscript', 'other',
] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const cents = z.number().int().min(0).nullable().optional();
const idParams = z.object({ id: z.string().min(1).max(100) });

const instanceBody = z.object({
  title: text(1000),
  subtitle: optionalText(1000),
  statementOfResponsibility: optionalText(1000),
  contributors: z.array(z.object({ name: text(500), role: z.string().trim().min(1).max(100).default('author') })).max(200).optional(),
  isbns: z.array(text(40)).max(50).optional(),
  issns: z.array(text(20)).max(50).optional(),
  oclcNumbers: z.array(text(40)).max(50).optional(),
  lccn: optionalText(40),
  publisher: optionalText(500),
  publicationPlace: optionalText(500),
  publicationDate: optionalText(100),
  edition: optionalText(500),
  physicalDescription: optionalText(1000),
  subjects: z.array(text(500)).max(200).optional(),
  format: z.enum(instanceFormats).optional(),
  language: z.string().trim().regex(/^[a-z]{3}$/, 'a three-letter MARC language code').nullable().optional(),
});

const itemFields = {
  materialTypeId: z.string().trim().min(1).max(100).describe('material type id or code'),
  loanTypeId: z.string().trim().min(1).max(100).describe('loan type id or code'),
  status: z.enum(itemStatuses).optional(),
  copyNumber: optionalText(40),
  volume: optionalText(100),
  enumeration: optionalText(200),
  chronology: optionalText(200),
  priceCents: cents,
  replacementCostCents: cents,
  publicNote: optionalText(2000),
  staffNote: optionalText(2000),
};

const newItemBody = z.object({
  instanceId: z.string().min(1).max(100),
  barcode: text(64),
  locationId: z.string().trim().min(1).max(100).describe('shelving location id or code'),
  callNumber: optionalText(200),
  ...itemFields,
});

const itemChangesBody = z
  .object({
    barcode: text(64),
    locationId: z.string().trim().min(1).max(100),
    callNumber: optionalText(200),
    ...itemFields,
  })
  .partial();

export async function catalogRoutes(app: CarrelApp, { db, clock }: RouteDeps): Promise<void> {
  app.get(
    '/catalog/search',
    {
      config: { access: 'catalog.read' },
      schema: {
        tags: ['catalog'],
        summary: 'Keyword search, best match first, with format, location and availability filters; also looks up by barcode, ISBN or call number prefix',
        querystring: pageQuery.extend({
          q: z.string().max(500).optional(),
          format: z.enum(instanceFormats).optional(),
          locationId: z.string().max(100).optional().describe('location id or code'),
          available: z.enum(['true', 'false']).optional().describe('true: only titles with an item on the shelf'),
          barcode: z.string().max(64).optional(),
          isbn: z.string().max(40).optional(),
          callNumber: z.string().max(200).optional().describe('call number prefix, e.g. QA76'),
        }),
        response: { 200: catalogSearchReply },
      },
    },
    async (request) => {
      const query = request.query;
      return searchInstances(db, {
        institutionId: staffOf(request).institutionId,
        q: query.q,
        format: query.format,
        location: query.locationId,
        available: query.available === 'true',
        barcode: query.barcode,
        isbn: query.isbn,
        callNumberPrefix: query.callNumber,
        limit: query.limit,
        offset: query.offset,
      });
    },
  );

  app.get(
    '/instances/:id',
    { config: { access: 'catalog.read' }, schema: { tags: ['catalog'], summary: 'An instance with its holdings and items', params: idParams, response: { 200: instanceReply } } },
    async (request) => {
      return requireInstanceDetail(db, staffOf(request).institutionId, request.params.id);
    },
  );

  app.post(
    '/instances',
    { config: { access: 'catalog.edit' }, schema: { tags: ['catalog'], summary: 'Create an instance (a bibliographic record)', body: instanceBody, response: { 201: instanceReply } } },
    async (request, reply) => {
      const { id } = await createInstance(db, clock, actorOf(request), request.body);
      return reply.status(201).send(await requireInstanceDetail(db, staffOf(request).institutionId, id));
    },
  );

  app.patch(
    '/instances/:id',
    { config: { access: 'catalog.edit' }, schema: { tags: ['catalog'], summary: 'Edit an instance', params: idParams, body: instanceBody.partial(), response: { 200: instanceReply } } },
    async (request) => {
      await updateInstance(db, clock, actorOf(request), request.params.id, request.body);
      return requireInstanceDetail(db, staffOf(request).institutionId, request.params.id);
    },
  );

  app.get(
    '/items',
    {
      config: { access: 'catalog.read' },
      schema: {
        tags: ['catalog'],
        summary: 'Items, by barcode (the desk scan), status or instance',
        querystring: pageQuery.extend({
          barcode: z.string().max(64).optional(),
          status: z.enum(itemStatuses).optional(),
          instanceId: z.string().max(100).optional(),
        }),
        response: { 200: itemsReply },
      },
    },
    async (request) => itemsPage(db, { institutionId: staffOf(request).institutionId, ...request.query }),
  );

  app.get(
    '/items/:id',
    { config: { access: 'catalog.read' }, schema: { tags: ['catalog'], summary: 'One item', params: idParams, response: { 200: itemReply } } },
    async (request) => {
      return requireItemView(db, staffOf(request).institutionId, request.params.id);
    },
  );

  app.post(
    '/items',
    { config: { access: 'catalog.edit' }, schema: { tags: ['catalog'], summary: 'Add an item to an instance (its holding is made when needed)', body: newItemBody, response: { 201: itemReply } } },
    async (request, reply) => {
      const { id } = await createItem(db, clock, actorOf(request), request.body);
      return reply.status(201).send(await requireItemView(db, staffOf(request).institutionId, id));
    },
  );

  app.patch(
    '/items/:id',
    { config: { access: 'catalog.edit' }, schema: { tags: ['catalog'], summary: 'Edit an item, or move it to another location or call number', params: idParams, body: itemChangesBody, response: { 200: itemReply } } },
    async (request) => {
      await updateItem(db, clock, actorOf(request), request.params.id, request.body);
      return requireItemView(db, staffOf(request).institutionId, request.params.id);
    },
  );

  app.get('/material-types', { config: { access: 'catalog.read' }, schema: { tags: ['catalog'], summary: 'Material types', response: { 200: materialTypesReply } } }, async (request) =>
    referenceTypesOf(db, 'material_type', staffOf(request).institutionId),
  );

  app.get('/loan-types', { config: { access: 'catalog.read' }, schema: { tags: ['catalog'], summary: 'Loan types', response: { 200: loanTypesReply } } }, async (request) =>
    referenceTypesOf(db, 'loan_type', staffOf(request).institutionId),
  );

  const typeFields = z.object({
    code: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullable().optional(),
  });
  for (const [path, table, words] of [['/material-types', 'material_type', 'material type'], ['/loan-types', 'loan_type', 'loan type']] as [string, ItemTypeTable, string][]) {
    const typeReply = table === 'material_type' ? materialTypeReply : loanTypeReply;
    app.post(
      path,
      { config: { access: 'settings.edit' }, schema: { tags: ['catalog'], summary: `Create a ${words}`, body: typeFields, response: { 201: typeReply } } },
      async (request, reply) => reply.status(201).send(await createReferenceType(db, clock, actorOf(request), table, request.body)),
    );
    app.patch(
      `${path}/:id`,
      { config: { access: 'settings.edit' }, schema: { tags: ['catalog'], summary: `Change a ${words}'s code, name or description`, params: idParams, body: typeFields.partial(), response: { 200: typeReply } } },
      async (request) => updateReferenceType(db, clock, actorOf(request), table, request.params.id, request.body),
    );
  }
}
