import { useCallback, useEffect, useSyncExternalStore } from 'react';

/** The paper a desk prints slips and receipts on: an 80 mm receipt roll, or a full A4 or Letter page. */
export type SlipSize = 'roll' | 'a4' | 'letter';
export const slipSizes: readonly SlipSize[] = ['roll', 'a4', 'letter'];

// Remembered per desk computer, like the service point: the printer beside it does not change.
const storageKey = 'carrel.slipSize';
const listeners = new Set<() => void>();

function read(): SlipSize {
  try {
    const stored = localStorage.getItem(storageKey);
    return slipSizes.includes(stored as SlipSize) ? (stored as SlipSize) : 'roll';
  } catch {
    return 'roll';
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** This computer's slip size and a way to change it; every print sheet follows it. */
export function useSlipSize(): [SlipSize, (size: SlipSize) => void] {
  const size = useSyncExternalStore(subscribe, read, () => 'roll' as const);
  const change = useCallback((next: SlipSize) => {
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts until the page reloads.
    }
    document.documentElement.dataset.slipSize = next;
    for (const listener of listeners) listener();
  }, []);
  return [size, change];
}

/** Puts the size on <html>, where the print stylesheet reads it (the hold shelf and pick list print too). */
export function useSlipSizeOnPage(): void {
  const [size] = useSlipSize();
  useEffect(() => {
    document.documentElement.dataset.slipSize = size;
  }, [size]);
}
