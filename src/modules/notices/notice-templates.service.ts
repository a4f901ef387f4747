import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { noticeKinds } from '../policies/index.ts';
import { requireInstitution } from '../org/index.ts';
import { displayNameOf, requirePatron } from '../patrons/index.ts';
import { noticeFields, templateProblems } from './notice-fields.policy.ts';
import type { NoticeKind } from './notice-kinds.policy.ts';
import { defaultNoticeTemplates, renderNoticeTemplate, type NoticeTemplateText, type TemplateFields } from './notice-template.policy.ts';
import { findTemplate } from './notices.queries.ts';
import { deleteTemplateById, findOwnTemplate, insertOwnTemplate, listOwnTemplates, updateTemplateText } from './notice-templates.queries.ts';

/** The language of an institution's locale ('en-US' → 'en'): what a patron without a preference reads. */
export const languageOfLocale = (locale: string | null | undefined) => (locale ?? 'en').split(/[-_]/)[0]!.toLowerCase() || 'en';

/**
 * The template for a patron's notice: the institution's template (by the policy's template code,
 * else by kind) in the patron's language, else in the institution's language, else the built-in
 * English one.
 */
export async function templateForPatron(db: Kysely<Database>, institutionId: string, kind: NoticeKind, templateCode: string | null, patronLanguage: string | null, locale: string): Promise<NoticeTemplateText> {
  const institutionLanguage = languageOfLocale(locale);
  for (const language of [...new Set([patronLanguage, institutionLanguage].filter((value): value is string => Boolean(value)))]) {
    const stored = await findTemplate(db, institutionId, templateCode ?? kind, language);
    if (stored) return stored;
  }
  return defaultNoticeTemplates[kind]!;
}

export function requireNoticeKind(kind: string): NoticeKind {
  if (!(noticeKinds as readonly string[]).includes(kind)) throw new DomainError('NOTICE_KIND_UNKNOWN', `There is no notice kind '${kind}'.`, { kind, kinds: noticeKinds });
  return kind as NoticeKind;
}

export interface NoticeTemplateView {
  kind: NoticeKind;
  language: string;
  subject: string;
  body: string;
  /** True for the text Carrel ships, shown until the library writes its own. */
  builtIn: boolean;
  updatedAt: string | null;
  allowedFields: string[];
  allowedItemFields: string[];
}

/** Every kind's templates: the library's own in each language, and the built-in English one where no English one is written. */
export async function listNoticeTemplates(db: Kysely<Database>, institutionId: string): Promise<{ items: NoticeTemplateView[]; total: number }> {
  const stored = await listOwnTemplates(db, institutionId);
  const items: NoticeTemplateView[] = [];
  for (const kind of noticeKinds) {
    const own = stored.filter((row) => row.kind === kind && row.code === kind);
    const field = { allowedFields: noticeFields[kind].fields, allowedItemFields: noticeFields[kind].itemFields };
    if (!own.some((row) => row.language === 'en')) items.push({ kind, language: 'en', ...defaultNoticeTemplates[kind]!, builtIn: true, updatedAt: null, ...field });
    for (const row of own) items.push({ kind, language: row.language, subject: row.subject, body: row.body, builtIn: false, updatedAt: row.updated_at, ...field });
  }
  return { items, total: items.length };
}

/** Refuse a template that uses anything its kind does not give, naming what is allowed. */
export function checkNoticeTemplate(kind: NoticeKind, text: NoticeTemplateText): void {
  const problems = [...templateProblems(kind, text.subject).map((problem) => ({ ...problem, in: 'subject' })), ...templateProblems(kind, text.body).map((problem) => ({ ...problem, in: 'body' }))];
  if (problems.length === 0) return;
  throw new DomainError('NOTICE_TEMPLATE_INVALID', `The template uses ${problems.map((problem) => `{{${problem.field}}}`).join(', ')}, which a ${kind} notice cannot show.`, {
    kind,
    problems,
    allowedFields: noticeFields[kind].fields,
    allowedItemFields: noticeFields[kind].itemFields,
  });
}

export async function saveNoticeTemplate(db: Kysely<Database>, clock: Clock, actor: Actor, kindName: string, language: string, text: NoticeTemplateText): Promise<NoticeTemplateView> {
  const kind = requireNoticeKind(kindName);
  checkNoticeTemplate(kind, text);
  return db.transaction().execute(async (trx) => {
    const now = clock.now().toISOString();
    const before = await findOwnTemplate(trx, actor.institutionId, kind, language);
    if (before) {
      await updateTemplateText(trx, before.id, text, now);
    } else {
      await insertOwnTemplate(trx, { id: newId(), institutionId: actor.institutionId, kind, language, text, updatedAt: now });
    }
    await recordAuditEvent(trx, actor, clock.now(), {
      action: 'notice-template.save',
      entityType: 'notice-template',
      entityId: `${kind}/${language}`,
      before: before ? { subject: before.subject, body: before.body } : null,
      after: { subject: text.subject, body: text.body },
    });
    return { kind, language, ...text, builtIn: false, updatedAt: now, allowedFields: noticeFields[kind].fields, allowedItemFields: noticeFields[kind].itemFields };
  });
}

/** Back to the built-in text (or, for another language, to the fallback). */
export async function deleteNoticeTemplate(db: Kysely<Database>, clock: Clock, actor: Actor, kindName: string, language: string): Promise<void> {
  const kind = requireNoticeKind(kindName);
  await db.transaction().execute(async (trx) => {
    const before = await findOwnTemplate(trx, actor.institutionId, kind, language);
    if (!before) throw new DomainError('NOT_FOUND', 'The library has no template of its own for this notice and language.', { kind, language });
    await deleteTemplateById(trx, before.id);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'notice-template.delete', entityType: 'notice-template', entityId: `${kind}/${language}`, before: { subject: before.subject, body: before.body }, after: null });
  });
}

const sampleItems: TemplateFields = {
  title: 'Middlemarch', barcode: '31234000123456', callNumber: 'PR4662 .A1 1994', dueDate: '2026-10-21 23:59', pickupLocation: 'Main Desk', pickupDeadline: '2026-10-28 21:00',
  pickupHours: 'Mon 26 Oct: 08:00–22:00', requestType: 'hold', reason: 'Cancelled: no longer needed', replacementFee: '$45.00', processingFee: '$10.00', feeType: 'Lost item replacement',
  description: '', amount: '$45.00', balanceAfter: '$0.00',
};

export interface NoticePreview {
  subject: string;
  body: string;
}

/**
 * Render a draft (or the template in use) against a sample patron and two items, or a real patron's
 * name: nothing is sent or stored. The draft is checked as a save would check it.
 */
export async function previewNoticeTemplate(db: Kysely<Database>, institutionId: string, input: { kind: string; language: string; subject?: string | undefined; body?: string | undefined; patronId?: string | undefined }): Promise<NoticePreview> {
  const kind = requireNoticeKind(input.kind);
  const institution = await requireInstitution(db, institutionId);
  const current = await templateForPatron(db, institutionId, kind, null, input.language, institution.locale);
  const text = { subject: input.subject ?? current.subject, body: input.body ?? current.body };
  checkNoticeTemplate(kind, text);
  let patron: TemplateFields = { name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', balance: '$55.00' };
  if (input.patronId) {
    const row = await requirePatron(db, institutionId, input.patronId);
    patron = { ...patron, name: displayNameOf({ firstName: row.first_name, lastName: row.last_name, preferredFirstName: row.preferred_first_name }), firstName: row.preferred_first_name ?? row.first_name, lastName: row.last_name };
  }
  const fields: TemplateFields = {
    patron,
    library: { name: institution.name, contact: 'library@example.edu' },
    items: [sampleItems, { ...sampleItems, title: 'Daniel Deronda', barcode: '31234000654321', amount: '$10.00', feeType: 'Lost item processing' }],
    total: '$55.00',
    receipt: { title: 'Payment receipt', number: 'R-1001', date: '2026-10-05 14:30 PDT', total: '$55.00', method: '(Card)', reference: '', waiverReason: '', refundTarget: '' },
    account: { expiresOn: '2026-12-31' },
  };
  return { subject: renderNoticeTemplate(text.subject, fields), body: renderNoticeTemplate(text.body, fields) };
}
