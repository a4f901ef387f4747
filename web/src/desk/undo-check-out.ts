import { useEffect, useState } from 'react';
import type { CheckOutScan, LoanedCheckOutScan } from './check-out-scans.tsx';

/** As long as the server allows (undo-check-out.policy.ts), counted from when the desk heard of the loan. */
export const undoWindowMs = 60_000;

/**
 * The key of the newest loan in the list while it may still be undone: Undo is offered on that
 * row for a minute, then goes away by itself. A loan whose undo was refused offers it no more.
 */
export function useUndoableScan(scans: CheckOutScan[]): string | null {
  const newest = scans.find((scan): scan is LoanedCheckOutScan => scan.state === 'loaned');
  const [expiredKey, setExpiredKey] = useState<string | null>(null);
  const key = newest?.key ?? null;
  const lentAtMs = newest?.lentAtMs ?? 0;
  useEffect(() => {
    if (key === null) return undefined;
    const left = lentAtMs + undoWindowMs - Date.now();
    if (left <= 0) {
      setExpiredKey(key);
      return undefined;
    }
    setExpiredKey(null);
    const timer = setTimeout(() => setExpiredKey(key), left);
    return () => clearTimeout(timer);
  }, [key, lentAtMs]);
  if (!newest || newest.undoRefusal || expiredKey === newest.key || Date.now() - newest.lentAtMs >= undoWindowMs) return null;
  return newest.key;
}
