import { t } from '../i18n/translate.ts';
import { ItemLookupForm } from './item-lookup-form.tsx';

export function ItemLookupPage() {
  return (
    <section className="page" aria-labelledby="item-lookup-heading">
      <h1 id="item-lookup-heading">{t('item.lookupHeading')}</h1>
      <ItemLookupForm />
    </section>
  );
}
