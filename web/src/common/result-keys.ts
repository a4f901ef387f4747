import type { KeyboardEvent } from 'react';

/** Down/up by one (arrows, or j and k as in a mail reader), or to either end (Home, End). */
function stepOf(event: KeyboardEvent): 1 | -1 | 'first' | 'last' | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  switch (event.key) {
    case 'ArrowDown':
    case 'j':
      return 1;
    case 'ArrowUp':
    case 'k':
      return -1;
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/**
 * Keyboard travel through a list of search results: moves focus between the links matching `linkSelector` inside
 * the element handling the key. Enter then opens the focused link, as links do. Up from the first calls onLeaveTop.
 */
export function moveThroughResults(event: KeyboardEvent<HTMLElement>, linkSelector: string, onLeaveTop?: () => void): void {
  const step = stepOf(event);
  if (step === null) return;
  const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>(linkSelector));
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (at < 0) return;
  event.preventDefault();
  const next = step === 'first' ? 0 : step === 'last' ? links.length - 1 : at + step;
  if (next < 0) onLeaveTop?.();
  else links[Math.min(next, links.length - 1)]?.focus();
}
