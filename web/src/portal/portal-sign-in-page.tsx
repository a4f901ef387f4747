import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { usePortalLibraries } from '../api/portal-queries.ts';
import { LabelledField } from '../common/labelled-field.tsx';
import { ErrorIcon, QueryFailure } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { usePortalSignIn, type SignedOutReason } from './portal-session.tsx';

const reasonMessages = {
  session: 'portal.ended.session',
  idle: 'portal.ended.idle',
  signedOut: 'portal.ended.signedOut',
} as const;

/** Library card and PIN; the library chooser appears only where patrons of several libraries sign in here. */
export function PortalSignInPage({ signedOutReason, onSignedIn }: { signedOutReason: SignedOutReason | null; onSignedIn(): void }) {
  const libraries = usePortalLibraries();
  const [searchParams] = useSearchParams();
  const [chosenLibrary, setChosenLibrary] = useState<string | null>(searchParams.get('library'));
  const [barcode, setBarcode] = useState('');
  const [pin, setPin] = useState('');
  const signIn = usePortalSignIn(onSignedIn);
  const cardField = useRef<HTMLInputElement>(null);
  const pinField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = t('portal.title');
    cardField.current?.focus();
  }, []);

  const choices = libraries.data?.items ?? [];
  const library = choices.find((choice) => choice.code === chosenLibrary)?.code ?? choices[0]?.code ?? '';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!library || signIn.isPending) return;
    signIn.mutate(
      { library, barcode: barcode.trim(), pin },
      {
        onError: () => {
          setPin('');
          pinField.current?.focus();
        },
      },
    );
  }

  return (
    <main className="portal portal-sign-in" id="portal-main">
      <form className="portal-card portal-sign-in__form" onSubmit={submit} aria-labelledby="portal-sign-in-heading">
        <h1 id="portal-sign-in-heading">{t('portal.signIn.heading')}</h1>
        {signedOutReason && !signIn.isPending && (
          <p className="portal-notice" role="status">
            {t(reasonMessages[signedOutReason])}
          </p>
        )}
        {libraries.isError && <QueryFailure error={libraries.error} onRetry={() => void libraries.refetch()} />}
        {choices.length > 1 && (
          <div className="field">
            <label htmlFor="portal-library">{t('portal.signIn.library')}</label>
            <select id="portal-library" value={library} onChange={(event) => setChosenLibrary(event.target.value)}>
              {choices.map((choice) => (
                <option key={choice.code} value={choice.code}>
                  {choice.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {choices.length === 1 && <p className="portal-sign-in__library">{choices[0]?.name}</p>}
        <LabelledField id="portal-card" label={t('portal.signIn.card')} ref={cardField} name="card" autoComplete="username" autoCapitalize="off" spellCheck={false} required value={barcode} onValueChange={setBarcode} />
        <div className="field">
          <label htmlFor="portal-pin">{t('portal.signIn.pin')}</label>
          <input
            id="portal-pin"
            ref={pinField}
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            required
            aria-describedby="portal-pin-hint"
            value={pin}
            onChange={(event) => setPin(event.target.value)}
          />
          <p className="field__hint" id="portal-pin-hint">
            {t('portal.signIn.pinHint')}
          </p>
        </div>
        <p className="message message--error" role="alert">
          {signIn.error && (
            <>
              <ErrorIcon />
              {signIn.error.message || t('error.generic')}
            </>
          )}
        </p>
        <button type="submit" className="portal-button portal-button--primary" disabled={signIn.isPending || !library} aria-busy={signIn.isPending}>
          {signIn.isPending ? t('portal.signIn.working') : t('portal.signIn.submit')}
        </button>
      </form>
    </main>
  );
}
