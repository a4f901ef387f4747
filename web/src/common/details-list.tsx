import type { ReactNode } from 'react';

/** A record's label–value rows as a description list; rows with nothing to say are left out. */
export function DetailsList({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="details">
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div key={label} className="details__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
