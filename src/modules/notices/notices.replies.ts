import { z } from 'zod';
import type { NoticeDeliveryStatus } from '../../db/schema-notices.ts';
import { listReplySchema } from '../../platform/pagination.ts';
import { noticeKinds } from '../policies/index.ts';

/** Reply shapes of the notice routes: a patron's notice history, the templates, a preview, an emailed receipt. */

const instant = z.string().describe('ISO 8601 instant');
const deliveryStatuses = ['queued', 'sent', 'failed'] as const satisfies readonly NoticeDeliveryStatus[];

export const noticeDeliveryReply = z
  .object({
    id: z.string(),
    kind: z.string(),
    eventKey: z.string(),
    batchId: z.string(),
    loanId: z.string().nullable(),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: instant.nullable(),
    sentAt: instant.nullable(),
    recipient: z.string().nullable(),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    createdAt: instant,
  })
  .meta({ id: 'NoticeDelivery' });

export const noticeDeliveriesReply = listReplySchema(noticeDeliveryReply);

export const noticeTemplateReply = z
  .object({
    kind: z.enum(noticeKinds),
    language: z.string(),
    subject: z.string(),
    body: z.string(),
    builtIn: z.boolean().describe('the text Carrel ships, shown until the library writes its own'),
    updatedAt: instant.nullable(),
    allowedFields: z.array(z.string()),
    allowedItemFields: z.array(z.string()),
  })
  .meta({ id: 'NoticeTemplate' });

export const noticeTemplatesReply = listReplySchema(noticeTemplateReply);

export const noticePreviewReply = z.object({ subject: z.string(), body: z.string() });

export const emailedReceiptReply = z.object({ receiptNumber: z.string(), sentTo: z.string(), messageId: z.string() });

/** Going back to the built-in template answers 204 with no body. */
export const noContentReply = z.undefined().describe('No content');
