import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { portalApi, useAccountChanged, type PortalLoan } from '../api/portal-queries.ts';
import { ErrorIcon, messageOfFailure } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import type { PortalFormats } from './portal-formats.ts';

type RenewalOutcome = { renewed: true; dueAt: string } | { renewed: false; message: string };

/** Loans, soonest due first, each with its own Renew button and the answer beside it. */
export function PortalLoansSection({ loans, formats }: { loans: PortalLoan[]; formats: PortalFormats }) {
  const [outcomes, setOutcomes] = useState<Record<string, RenewalOutcome>>({});
  const [announcement, setAnnouncement] = useState('');
  const [renewAllSummary, setRenewAllSummary] = useState('');
  const accountChanged = useAccountChanged();

  const renew = useMutation({
    mutationFn: (loan: PortalLoan) => portalApi.renew(loan.id),
    onSuccess: ({ loan: renewed }, loan) => {
      setOutcomes((current) => ({ ...current, [loan.id]: { renewed: true, dueAt: renewed.dueAt } }));
      setAnnouncement(t('portal.loans.renewedAnnounce', { title: loan.title, date: formats.dueDate(renewed.dueAt) }));
    },
    onError: (error, loan) => {
      const message = messageOfFailure(error);
      setOutcomes((current) => ({ ...current, [loan.id]: { renewed: false, message } }));
      setAnnouncement(t('portal.loans.refusedAnnounce', { title: loan.title, message }));
    },
    onSettled: () => accountChanged(),
  });

  const renewAll = useMutation({
    mutationFn: portalApi.renewAll,
    onSuccess: (result) => {
      const next: Record<string, RenewalOutcome> = {};
      for (const loan of result.renewed) next[loan.id] = { renewed: true, dueAt: loan.dueAt };
      for (const refusal of result.refused) next[refusal.loanId] = { renewed: false, message: refusal.message };
      setOutcomes(next);
      const summary = t('portal.loans.renewAllResult', { renewed: formats.number(result.renewed.length), total: formats.number(result.renewed.length + result.refused.length) });
      setRenewAllSummary(summary);
      const refusals = result.refused.map((refusal) => t('portal.loans.refusedAnnounce', { title: refusal.title, message: refusal.message }));
      setAnnouncement([summary, ...refusals].join(' '));
    },
    onError: (error) => {
      setRenewAllSummary('');
      setAnnouncement(messageOfFailure(error));
    },
    onSettled: () => accountChanged(),
  });

  const busy = renew.isPending || renewAll.isPending;
  return (
    <section className="portal-section" aria-labelledby="portal-loans-heading">
      <div className="portal-section__header">
        <h2 id="portal-loans-heading">{t('portal.loans.heading')}</h2>
        {loans.length > 1 && (
          <button type="button" className="portal-button" disabled={busy} onClick={() => renewAll.mutate()}>
            {renewAll.isPending ? t('portal.loans.renewing') : t('portal.loans.renewAll')}
          </button>
        )}
      </div>
      <p className="portal-section__result">{renewAll.isError ? messageOfFailure(renewAll.error) : renewAllSummary}</p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {loans.length === 0 ? (
        <p>{t('portal.loans.none')}</p>
      ) : (
        <ul className="portal-list" aria-label={t('portal.loans.list')}>
          {loans.map((loan) => (
            <li key={loan.id} className={loan.overdue ? 'portal-entry portal-entry--overdue' : 'portal-entry'}>
              <p className="portal-entry__title">{loan.title}</p>
              {loan.author && <p className="portal-entry__meta">{t('portal.loans.by', { author: loan.author })}</p>}
              <DueLine loan={loan} formats={formats} />
              <RenewalAnswer outcome={outcomes[loan.id]} formats={formats} />
              <button
                type="button"
                className="portal-button"
                aria-label={t('portal.loans.renewTitle', { title: loan.title })}
                disabled={busy}
                onClick={() => renew.mutate(loan)}
              >
                {renew.isPending && renew.variables?.id === loan.id ? t('portal.loans.renewing') : t('portal.loans.renew')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DueLine({ loan, formats }: { loan: PortalLoan; formats: PortalFormats }) {
  const date = formats.dueDate(loan.dueAt);
  if (loan.recalled) {
    return (
      <>
        <p className="portal-entry__line portal-entry__line--problem">
          <ErrorIcon />
          {t('portal.loans.recalled', { date })}
        </p>
        <p className="portal-entry__meta">{t('portal.loans.recalledHint')}</p>
        {loan.overdue && <span className="portal-badge">{t('portal.loans.overdue')}</span>}
      </>
    );
  }
  if (loan.overdue) {
    return (
      <p className="portal-entry__line">
        <span className="portal-badge">
          <ErrorIcon />
          {t('portal.loans.overdue')}
        </span>{' '}
        {t('portal.loans.wasDue', { date })}
      </p>
    );
  }
  return <p className="portal-entry__line">{t('portal.loans.dueBack', { date })}</p>;
}

function RenewalAnswer({ outcome, formats }: { outcome: RenewalOutcome | undefined; formats: PortalFormats }) {
  if (!outcome) return null;
  if (outcome.renewed) return <p className="portal-answer portal-answer--ok">{t('portal.loans.renewed', { date: formats.dueDate(outcome.dueAt) })}</p>;
  return (
    <p className="portal-answer portal-answer--problem">
      <ErrorIcon />
      {t('portal.loans.refused', { message: outcome.message })}
    </p>
  );
}
