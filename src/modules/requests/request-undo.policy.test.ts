import { describe, expect, it } from 'vitest';
import { stateBeforeFilling } from './request-undo.policy.ts';

describe('where a request stood before a check-out filled it', () => {
  it('was on the hold shelf when it still has its shelf dates', () => {
    expect(stateBeforeFilling({ type: 'hold', level: 'title', awaitingPickupAt: '2026-11-02T17:00:00Z', holdShelfExpiresAt: '2026-11-09T17:00:00Z' }))
      .toEqual({ status: 'open-awaiting-pickup', keepsItem: true, itemStatus: 'awaiting-pickup' });
  });

  it('was a page waiting in the stacks', () => {
    expect(stateBeforeFilling({ type: 'page', level: 'item', awaitingPickupAt: null, holdShelfExpiresAt: null })).toEqual({ status: 'open-not-yet-filled', keepsItem: true, itemStatus: 'paged' });
  });

  it('was a hold on a copy the patron took from the shelf: a title-level hold waits for any copy again', () => {
    expect(stateBeforeFilling({ type: 'hold', level: 'title', awaitingPickupAt: null, holdShelfExpiresAt: null })).toEqual({ status: 'open-not-yet-filled', keepsItem: false, itemStatus: 'available' });
    expect(stateBeforeFilling({ type: 'hold', level: 'item', awaitingPickupAt: null, holdShelfExpiresAt: null })).toMatchObject({ keepsItem: true, itemStatus: 'available' });
  });
});
