import { z } from 'zod';
import { listReplySchema } from '../../platform/pagination.ts';
import { itemStatuses } from './item-status.ts';

/**
 * Reply shapes of the catalogue routes. Search pages can be long: the shapes stay plain (no refinements),
 * so checking a reply costs little.
 */

const reference = z.object({ id: z.string(), code: z.string(), name: z.string() });
const instant = z.string().describe('ISO 8601 instant');

export const instanceSummaryReply = z
  .object({
    id: z.string(),
    title: z.string(),
    subtitle: z.string().nullable(),
    contributors: z.array(z.string()).describe('contributor names'),
    publicationDate: z.string().nullable(),
    format: z.string(),
    language: z.string().nullable(),
    isbns: z.array(z.string()),
    callNumbers: z.array(z.string()),
    availability: z.object({ available: z.number().int(), total: z.number().int() }),
  })
  .meta({ id: 'InstanceSummary' });

export const catalogSearchReply = listReplySchema(instanceSummaryReply);

const itemFields = {
  id: z.string(),
  barcode: z.string(),
  status: z.enum(itemStatuses),
  statusChangedAt: instant,
  holdingId: z.string(),
  callNumber: z.string().nullable(),
  location: reference.describe('the effective location (temporary, else the holding’s)'),
  materialType: reference,
  loanType: reference.describe('the effective loan type (temporary, else the item’s)'),
  copyNumber: z.string().nullable(),
  volume: z.string().nullable(),
  enumeration: z.string().nullable(),
  chronology: z.string().nullable(),
  priceCents: z.number().int().nullable(),
  replacementCostCents: z.number().int().nullable(),
  publicNote: z.string().nullable(),
  staffNote: z.string().nullable(),
  updatedAt: instant,
};

export const itemReply = z
  .object({ ...itemFields, instance: z.object({ id: z.string(), title: z.string(), contributors: z.array(z.string()) }) })
  .meta({ id: 'Item' });

export const itemsReply = listReplySchema(itemReply);

/** A contributor as stored: { name, role }, or a plain name in older records. */
const contributor = z.union([z.string(), z.object({ name: z.string(), role: z.string().nullable().optional() })]);

export const instanceReply = z
  .object({
    id: z.string(),
    title: z.string(),
    subtitle: z.string().nullable(),
    statementOfResponsibility: z.string().nullable(),
    contributors: z.array(contributor),
    contributorNames: z.array(z.string()),
    isbns: z.array(z.string()),
    issns: z.array(z.string()),
    oclcNumbers: z.array(z.string()),
    lccn: z.string().nullable(),
    publisher: z.string().nullable(),
    publicationPlace: z.string().nullable(),
    publicationDate: z.string().nullable(),
    edition: z.string().nullable(),
    physicalDescription: z.string().nullable(),
    subjects: z.array(z.string()),
    format: z.string(),
    language: z.string().nullable(),
    source: z.enum(['manual', 'marc', 'demo']),
    sourceRecordId: z.string().nullable(),
    createdAt: instant,
    updatedAt: instant,
    holdings: z.array(
      z.object({
        id: z.string(),
        location: reference,
        callNumber: z.string().nullable(),
        shelvingOrder: z.string().nullable(),
        publicNote: z.string().nullable(),
        staffNote: z.string().nullable(),
      }),
    ),
    items: z.array(z.object(itemFields).meta({ id: 'InstanceItem' })),
  })
  .meta({ id: 'Instance' });

const referenceType = z.object({ id: z.string(), code: z.string(), name: z.string(), description: z.string().nullable() });

export const materialTypeReply = referenceType.meta({ id: 'MaterialType' });
export const loanTypeReply = referenceType.meta({ id: 'LoanType' });
export const materialTypesReply = listReplySchema(materialTypeReply);
export const loanTypesReply = listReplySchema(loanTypeReply);
