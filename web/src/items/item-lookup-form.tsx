import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { findItemsByBarcode } from '../api/queries.ts';
import { BarcodeField } from '../common/labelled-field.tsx';
import { ErrorIcon } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';

/** A barcode field a scanner can type into: barcode and Enter opens the item. */
export function ItemLookupForm() {
  const [barcode, setBarcode] = useState('');
  const navigate = useNavigate();
  const field = useRef<HTMLInputElement>(null);
  const lookup = useMutation({ mutationFn: (scanned: string) => findItemsByBarcode(scanned) });

  useEffect(() => field.current?.focus(), []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const scanned = barcode.trim();
    if (!scanned) return;
    lookup.mutate(scanned, {
      onSuccess: (page) => {
        const found = page.items.find((item) => item.barcode === scanned) ?? page.items[0];
        if (found) {
          setBarcode('');
          navigate(`/items/${found.id}`);
        }
        field.current?.select();
      },
      onError: () => field.current?.select(),
    });
  }

  const notFound = lookup.isSuccess && lookup.data.items.length === 0;
  const message = lookup.isError ? lookup.error.message : notFound ? t('item.notFound', { barcode: lookup.variables }) : '';
  return (
    <form className="search-bar" role="search" onSubmit={submit}>
      <BarcodeField id="item-barcode" label={t('item.lookupBarcode')} ref={field} value={barcode} onValueChange={setBarcode} inputMode="numeric" />
      <button type="submit" className="button button--primary" disabled={lookup.isPending}>
        {t('item.lookupButton')}
      </button>
      <p className="search-bar__message" role="status" aria-live="polite">
        {message && (
          <span className="message message--error">
            <ErrorIcon />
            {message}
          </span>
        )}
      </p>
    </form>
  );
}
