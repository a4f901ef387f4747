import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { QueryStatus } from './query-status.tsx';

interface TableSectionProps<Row> {
  /** The heading's id, which names the section. */
  id: string;
  heading: string;
  query: Pick<UseQueryResult<unknown>, 'isPending' | 'isError' | 'isSuccess' | 'error' | 'refetch'>;
  rows: readonly Row[];
  emptyMessage: string;
  tableLabel: string;
  columns: readonly string[];
  /** One table row (<tr>) per entry. */
  children: (row: Row) => ReactNode;
}

/** A panel listing rows from the server in a table: loading and failure shown, an empty list said in words. */
export function TableSection<Row>({ id, heading, query, rows, emptyMessage, tableLabel, columns, children }: TableSectionProps<Row>) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <QueryStatus query={query} />
      {query.isSuccess && rows.length === 0 && <p className="account__empty">{emptyMessage}</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-label={tableLabel}>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows.map(children)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
