/**
 * A red edge around the whole screen for a moment after each refusal, seen from the corner of an
 * eye while looking at the book; a new key restarts the animation for the next refusal.
 */
export function RefusalFlash({ count }: { count: number }) {
  if (count === 0) return null;
  return <div key={count} className="desk__flash" data-refusals={count} aria-hidden="true" />;
}
