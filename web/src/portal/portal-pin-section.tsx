import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { portalApi } from '../api/portal-queries.ts';
import { ErrorIcon } from '../common/query-status.tsx';
import { LabelledField } from '../common/labelled-field.tsx';
import { t } from '../i18n/translate.ts';

/**
 * Change my PIN: the current one, the new one twice. The server ends the patron's other portal
 * sessions, so a PIN someone else knew stops working everywhere at once.
 */
export function PortalPinSection() {
  const [currentPin, setCurrentPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [repeatedPin, setRepeatedPin] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({ mutationFn: portalApi.changePin });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (change.isPending) return;
    if (newPin !== repeatedPin) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate(
      { currentPin, newPin },
      {
        onSuccess: () => {
          setCurrentPin('');
          setNewPin('');
          setRepeatedPin('');
        },
        onError: () => setCurrentPin(''),
      },
    );
  }

  const pinInput = { type: 'password', inputMode: 'numeric', autoComplete: 'off', required: true } as const;
  const problem = mismatch ? t('portal.pin.mismatch') : change.error ? change.error.message || t('error.generic') : '';
  return (
    <section className="portal-section" aria-labelledby="portal-pin-heading">
      <h2 id="portal-pin-heading">{t('portal.pin.heading')}</h2>
      <form className="portal-card portal-pin" onSubmit={submit}>
        <LabelledField id="portal-pin-current" label={t('portal.pin.current')} value={currentPin} onValueChange={setCurrentPin} {...pinInput} />
        <LabelledField id="portal-pin-new" label={t('portal.pin.new')} value={newPin} onValueChange={setNewPin} minLength={4} maxLength={32} aria-describedby="portal-pin-rule" {...pinInput} />
        <p className="field__hint" id="portal-pin-rule">
          {t('portal.pin.rule')}
        </p>
        <LabelledField id="portal-pin-repeat" label={t('portal.pin.repeat')} value={repeatedPin} onValueChange={setRepeatedPin} {...pinInput} />
        <p className="message message--error" role="alert">
          {problem && (
            <>
              <ErrorIcon />
              {problem}
            </>
          )}
        </p>
        <p className="message" role="status">
          {change.isSuccess && !problem ? t('portal.pin.changed') : ''}
        </p>
        <button type="submit" className="portal-button" disabled={change.isPending} aria-busy={change.isPending}>
          {change.isPending ? t('portal.pin.working') : t('portal.pin.submit')}
        </button>
      </form>
    </section>
  );
}
