import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { isBlockActive } from './patron.policy.ts';
import { deletePatronBlock, findPatronBlock, insertPatronBlock, kioskBlocksOfPatron } from './patron-block.queries.ts';
import { listPatronBlocks, requirePatronRow } from './patron.queries.ts';
import { toBlockRecord, type PatronBlockRecord } from './patron.record.ts';

export interface NewPatronBlock {
  /** Why staff placed the block; staff see it. */
  reason: string;
  /** What the patron is told (portal, kiosk screen), if different from the reason. */
  patronMessage?: string | null | undefined;
  blocksBorrowing?: boolean | undefined;
  blocksRenewals?: boolean | undefined;
  blocksRequests?: boolean | undefined;
  /** The block lifts itself at this instant; null keeps it until staff remove it. */
  expiresAt?: string | null | undefined;
  /** A kiosk's SIP2 block patron (01) places 'sip' blocks, which its patron enable (25) may lift. */
  placedBy?: 'staff' | 'sip' | undefined;
}

/** Every manual block of the patron, newest first, each saying whether it is still in force. */
export async function blocksOfPatron(db: Kysely<Database>, clock: Clock, institutionId: string, patronId: string) {
  await requirePatronRow(db, institutionId, patronId);
  const blocks = await listPatronBlocks(db, institutionId, patronId);
  const now = clock.now();
  return blocks.map((block) => ({ ...block, active: isBlockActive(block, now) }));
}

export async function addPatronBlock(db: Kysely<Database>, clock: Clock, actor: Actor, patronId: string, block: NewPatronBlock): Promise<PatronBlockRecord> {
  return db.transaction().execute(async (trx) => {
    await requirePatronRow(trx, actor.institutionId, patronId);
    const row = {
      id: newId(),
      institution_id: actor.institutionId,
      patron_id: patronId,
      reason: block.reason,
      patron_message: block.patronMessage ?? null,
      blocks_borrowing: block.blocksBorrowing ?? true,
      blocks_renewals: block.blocksRenewals ?? true,
      blocks_requests: block.blocksRequests ?? true,
      expires_at: block.expiresAt ? new Date(block.expiresAt).toISOString() : null,
      created_by: actor.name,
      created_at: clock.now().toISOString(),
      placed_by: block.placedBy ?? 'staff',
    };
    await insertPatronBlock(trx, row);
    const record = toBlockRecord(row);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'patron.block-add', entityType: 'patron', entityId: patronId, after: record });
    return record;
  });
}

/** Lift a manual block. The reason for lifting it is required and kept in the audit trail. */
export async function removePatronBlock(db: Kysely<Database>, clock: Clock, actor: Actor, patronId: string, blockId: string, reason: string): Promise<void> {
  if (!reason.trim()) throw new DomainError('VALIDATION_FAILED', 'Say why the block is being lifted.', { field: 'reason' });
  await db.transaction().execute(async (trx) => {
    const block = await findPatronBlock(trx, actor.institutionId, patronId, blockId);
    if (!block) throw new DomainError('PATRON_BLOCK_NOT_FOUND', 'This patron has no such block.', { patronId, blockId });
    await deletePatronBlock(trx, blockId);
    await recordAuditEvent(trx, actor, clock.now(), { action: 'patron.block-remove', entityType: 'patron', entityId: patronId, before: toBlockRecord(block), reason });
  });
}

/**
 * SIP2 patron enable (25): lift the blocks kiosks placed (01 block patron), never those staff placed.
 * Returns how many were lifted; each is audited like a block staff lift.
 */
export async function liftKioskBlocks(db: Kysely<Database>, clock: Clock, actor: Actor, patronId: string, reason: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const blocks = await kioskBlocksOfPatron(trx, actor.institutionId, patronId);
    for (const block of blocks) {
      await deletePatronBlock(trx, block.id);
      await recordAuditEvent(trx, actor, clock.now(), { action: 'patron.block-remove', entityType: 'patron', entityId: patronId, before: toBlockRecord(block), reason });
    }
    return blocks.length;
  });
}
