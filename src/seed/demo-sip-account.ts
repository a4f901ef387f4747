import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { recordAuditEvent } from '../modules/audit/index.ts';
import { sipRequestMessages } from '../modules/sip/index.ts';
import { hashSecret } from '../modules/staff/index.ts';
import { newId } from '../platform/ids.ts';
import { demoSipAccount } from './demo-identities.ts';

/** The demo kiosk account (kiosk / kiosk at the Riverside circulation desk), inside the seed's transaction. */
export async function seedDemoSipAccount(trx: Kysely<Database>, institutionId: string, now: Date): Promise<void> {
  const servicePoint = await trx
    .selectFrom('service_point')
    .select('id')
    .where('institution_id', '=', institutionId)
    .where('code', '=', demoSipAccount.servicePointCode)
    .executeTakeFirstOrThrow();
  const id = newId();
  const stamp = now.toISOString();
  await trx
    .insertInto('sip_account')
    .values({
      id,
      institution_id: institutionId,
      username: demoSipAccount.username,
      password_hash: await hashSecret(demoSipAccount.password),
      service_point_id: servicePoint.id,
      allowed_messages: JSON.stringify(sipRequestMessages),
      sees_patron_details: true,
      charset: 'utf-8',
      requires_patron_pin: false,
      enabled: true,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  await recordAuditEvent(trx, { kind: 'system', id: null, name: 'demo seed', institutionId }, now, {
    action: 'sip-account.create',
    entityType: 'sip_account',
    entityId: id,
    after: { username: demoSipAccount.username, servicePoint: demoSipAccount.servicePointCode, allowedMessages: sipRequestMessages },
  });
}
