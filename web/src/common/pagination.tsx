import { formatNumber, t } from '../i18n/translate.ts';

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onPage(page: number): void;
}

export function Pagination({ page, pageSize, total, onPage }: PaginationProps) {
  if (total <= pageSize) return null;
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('pagination.previous')}
      </button>
      <span className="pagination__range">
        {t('pagination.range', { first: formatNumber(first), last: formatNumber(last), total: formatNumber(total) })}
      </span>
      <button type="button" className="button" disabled={last >= total} onClick={() => onPage(page + 1)}>
        {t('pagination.next')}
      </button>
    </nav>
  );
}
