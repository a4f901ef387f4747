import { useEffect } from 'react';
import { usePortalAccount, type PortalAccount } from '../api/portal-queries.ts';
import { ErrorIcon, QueryStatus } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { portalFormats, type PortalFormats } from './portal-formats.ts';
import { PortalLoansSection } from './portal-loans-section.tsx';
import { PortalPinSection } from './portal-pin-section.tsx';
import { PortalRequestsSection } from './portal-requests-section.tsx';
import { usePortalSession } from './portal-session.tsx';

/** The signed-in patron's own account: what they have out, what they asked for, what they owe. */
export function PortalAccountPage() {
  const account = usePortalAccount();
  const { patron } = usePortalSession();

  useEffect(() => {
    document.title = `${t('portal.account.heading')} — ${patron.library.name}`;
  }, [patron.library.name]);

  if (!account.data) {
    return (
      <section aria-labelledby="portal-account-heading">
        <h1 id="portal-account-heading">{t('portal.account.heading')}</h1>
        <QueryStatus query={account} />
      </section>
    );
  }
  const formats = portalFormats(account.data.library);
  return (
    <>
      <h1 id="portal-account-heading">{t('portal.account.heading')}</h1>
      <p className="portal-greeting">{t('portal.account.greeting', { name: account.data.patron.displayName })}</p>
      <p className="portal-summary">{summaryOf(account.data, formats)}</p>
      {(account.data.borrowingBlocked || account.data.blockMessages.length > 0) && (
        <div className="portal-banner">
          <p>
            <ErrorIcon />
            {t('portal.account.blocked')}
          </p>
          {account.data.blockMessages.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      <PortalLoansSection loans={account.data.loans} formats={formats} />
      <PortalRequestsSection requests={account.data.requests} formats={formats} />
      <PortalFeesSection fees={account.data.fees} formats={formats} />
      <PortalPinSection />
    </>
  );
}

function summaryOf(account: PortalAccount, formats: PortalFormats): string {
  const overdue = account.loans.filter((loan) => loan.overdue).length;
  const owed = account.fees.balanceCents > 0 ? t('portal.summary.owe', { amount: formats.money(account.fees.balanceCents) }) : t('portal.summary.oweNothing');
  return [formats.count('portal.summary.itemsOut', account.loans.length), formats.count('portal.summary.overdue', overdue), owed].join(', ');
}

function PortalFeesSection({ fees, formats }: { fees: PortalAccount['fees']; formats: PortalFormats }) {
  return (
    <section className="portal-section" aria-labelledby="portal-fees-heading">
      <h2 id="portal-fees-heading">{t('portal.fees.heading')}</h2>
      <p className={fees.balanceCents > 0 ? 'portal-owed' : undefined}>
        {fees.balanceCents > 0 ? t('portal.fees.owe', { amount: formats.money(fees.balanceCents) }) : t('portal.fees.nothing')}
      </p>
      {fees.items.length > 0 && (
        <ul className="portal-list" aria-label={t('portal.fees.list')}>
          {fees.items.map((fee) => (
            <li key={fee.id} className="portal-entry">
              <p className="portal-entry__title">{fee.title ? `${fee.feeType}: ${fee.title}` : fee.feeType}</p>
              <p className="portal-entry__line">
                <strong>{t('portal.fees.left', { amount: formats.money(fee.remainingCents) })}</strong>
                {fee.remainingCents !== fee.amountCents && ` ${t('portal.fees.of', { amount: formats.money(fee.amountCents) })}`}
              </p>
              <p className="portal-entry__meta">{t('portal.fees.charged', { date: formats.day(fee.createdAt) })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
