import { useCallback, useSyncExternalStore } from 'react';

// Remembered per browser: a desk computer stays at its desk across sign-ins.
const storageKey = 'carrel.servicePointId';
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === storageKey) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The id of the service point this browser works at, and a way to change it. */
export function useCurrentServicePointId(): [string | null, (id: string) => void] {
  const id = useSyncExternalStore(subscribe, read, () => null);
  const change = useCallback((next: string) => {
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts only for this page.
    }
    for (const listener of listeners) listener();
  }, []);
  return [id, change];
}
