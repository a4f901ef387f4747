import { useId } from 'react';
import type { CatalogSearch } from '../api/queries.ts';
import { t, tCode } from '../i18n/translate.ts';

export const instanceFormats = [
  'book', 'ebook', 'dvd', 'blu-ray', 'audio', 'score', 'map', 'periodical', 'article', 'equipment',
  'kit', 'microform', 'thesis', 'manuscript', 'other',
];

interface FiltersProps {
  format: string;
  availableOnly: boolean;
  onChange(next: Partial<CatalogSearch>): void;
}

export function CatalogFilters({ format, availableOnly, onChange }: FiltersProps) {
  const formatId = useId();
  const availableId = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={formatId}>{t('catalog.format')}</label>
        <select id={formatId} value={format} onChange={(event) => onChange({ format: event.target.value })}>
          <option value="">{t('catalog.anyFormat')}</option>
          {instanceFormats.map((code) => (
            <option key={code} value={code}>
              {tCode('format', code)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--check">
        <input id={availableId} type="checkbox" checked={availableOnly} onChange={(event) => onChange({ availableOnly: event.target.checked })} />
        <label htmlFor={availableId}>{t('catalog.availableOnly')}</label>
      </div>
    </>
  );
}
