import { useState } from 'react';
import { Link } from 'react-router';
import type { Refusal } from '../api/patron-account-queries.ts';
import type { Patron } from '../api/queries.ts';
import { useInstitution } from '../api/fee-queries.ts';
import { usePatronLoans, useRenewLoans, useRenewOneLoan, type AccountLoan } from '../api/patron-account-queries.ts';
import { ActionFailure, ErrorIcon, QueryStatus } from '../common/query-status.tsx';
import { formatDueDate } from '../desk/desk-formats.ts';
import { t, tCode } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';
import { ChangeDueDateDialog, ClaimReturnedDialog, DeclareLostDialog, type LoanAction } from './loan-dialogs.tsx';

const loanActionPermissions = [
  ['circulation.change-due-date', 'account.changeDue'],
  ['circulation.declare-lost', 'account.lost'],
  ['circulation.claim-returned', 'account.claim'],
] as const;

/** What the last renewal did to one line: its new due date, or why not in the server's words. */
type LineResult = { renewed: true; dueAt: string } | { renewed: false; reasons: string[] };

function reasonsOf(error: unknown): string[] {
  const details = (error as { details?: { refusals?: Refusal[] } } | null)?.details;
  if (details?.refusals?.length) return details.refusals.map((entry) => entry.message);
  return [error instanceof Error ? error.message : t('error.generic')];
}

/** The patron's current loans: renew one, some or all, and the rarer changes each in a dialog. */
export function PatronLoansSection({ patron }: { patron: Patron }) {
  const { session } = useSession();
  const permissions = new Set(session.staff.permissions);
  const timeZone = useInstitution().data?.timeZone;
  const loans = usePatronLoans(patron.id, 'open');
  const renewLoans = useRenewLoans(patron.id);
  const renewOneLoan = useRenewOneLoan(patron.id);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<Record<string, LineResult>>({});
  const [working, setWorking] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [failure, setFailure] = useState('');
  const [dialog, setDialog] = useState<{ action: LoanAction; loan: AccountLoan } | null>(null);
  const mayRenew = permissions.has('circulation.renew');

  async function renew(loanIds: string[] | undefined) {
    setWorking(true);
    setFailure('');
    try {
      const reply = await renewLoans(patron.barcode, loanIds);
      const next: Record<string, LineResult> = {};
      for (const entry of reply.results) {
        next[entry.loanId] = entry.renewed ? { renewed: true, dueAt: entry.dueAt ?? '' } : { renewed: false, reasons: (entry.refusals ?? []).map((refusal) => refusal.message) };
      }
      setResults(next);
      setPicked(new Set());
      const renewed = reply.results.filter((entry) => entry.renewed).length;
      setAnnouncement(t('account.renewedCount', { renewed, total: reply.results.length }));
    } catch (error) {
      setFailure(error instanceof Error ? error.message : t('error.generic'));
    } finally {
      setWorking(false);
    }
  }

  async function renewOne(loan: AccountLoan) {
    setWorking(true);
    try {
      const reply = await renewOneLoan(loan.id);
      setResults((before) => ({ ...before, [loan.id]: { renewed: true, dueAt: reply.loan.dueAt } }));
      setAnnouncement(t('account.renewedOne', { title: loan.item.title, due: formatDueDate(reply.loan.dueAt, timeZone) }));
    } catch (error) {
      setResults((before) => ({ ...before, [loan.id]: { renewed: false, reasons: reasonsOf(error) } }));
      setAnnouncement(t('account.notRenewedOne', { title: loan.item.title }));
    } finally {
      setWorking(false);
    }
  }

  function finished(message: string) {
    setDialog(null);
    setAnnouncement(message);
  }

  function toggle(loanId: string) {
    const next = new Set(picked);
    if (next.has(loanId)) next.delete(loanId);
    else next.add(loanId);
    setPicked(next);
  }

  const items = loans.data?.items ?? [];
  const notAllowed = mayRenew ? '' : t('account.needsPermission', { permission: 'circulation.renew' });
  const withheld = loanActionPermissions.filter(([permission]) => !permissions.has(permission));
  return (
    <section className="panel" aria-labelledby="patron-loans">
      <div className="account__bar">
        <h2 id="patron-loans">{t('account.loans')}</h2>
        <div className="account__actions">
          <button type="button" className="button" disabled={!mayRenew || working || picked.size === 0} onClick={() => void renew([...picked])} title={notAllowed || undefined}>
            {t('account.renewSelected', { count: picked.size })}
          </button>
          <button type="button" className="button button--primary" disabled={!mayRenew || working || items.length === 0} onClick={() => void renew(undefined)} title={notAllowed || undefined}>
            {t('account.renewAll')}
          </button>
        </div>
      </div>
      {notAllowed && <p className="hint">{notAllowed}</p>}
      {withheld.length > 0 && <p className="hint">{t('account.roleCannot', { actions: withheld.map(([, key]) => t(key)).join(', ') })}</p>}
      <ActionFailure message={failure} />
      <QueryStatus query={loans} />
      {loans.isSuccess && items.length === 0 && <p className="account__empty">{t('account.noLoans')}</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="table loans-table" aria-label={t('account.loansTable')}>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('account.pick')}</span>
                </th>
                <th scope="col">{t('account.title')}</th>
                <th scope="col">{t('account.barcode')}</th>
                <th scope="col">{t('account.due')}</th>
                <th scope="col" className="cell--number">
                  {t('account.renewals')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((loan) => (
                <LoanRow
                  key={loan.id}
                  loan={loan}
                  timeZone={timeZone}
                  picked={picked.has(loan.id)}
                  result={results[loan.id]}
                  permissions={permissions}
                  working={working}
                  onPick={() => toggle(loan.id)}
                  onRenew={() => void renewOne(loan)}
                  onAction={(action) => setDialog({ action, loan })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {dialog?.action === 'due-date' && <ChangeDueDateDialog patronId={patron.id} loan={dialog.loan} timeZone={timeZone} onDone={finished} onClose={() => setDialog(null)} />}
      {dialog?.action === 'lost' && <DeclareLostDialog patronId={patron.id} loan={dialog.loan} timeZone={timeZone} onDone={finished} onClose={() => setDialog(null)} />}
      {dialog?.action === 'claim' && <ClaimReturnedDialog patronId={patron.id} loan={dialog.loan} timeZone={timeZone} onDone={finished} onClose={() => setDialog(null)} />}
    </section>
  );
}

interface LoanRowProps {
  loan: AccountLoan;
  timeZone: string | undefined;
  picked: boolean;
  result: LineResult | undefined;
  permissions: Set<string>;
  working: boolean;
  onPick(): void;
  onRenew(): void;
  onAction(action: LoanAction): void;
}

function LoanRow({ loan, timeZone, picked, result, permissions, working, onPick, onRenew, onAction }: LoanRowProps) {
  const checkedOut = loan.state === 'checked-out';
  const label = `${loan.item.title} (${loan.item.barcode})`;
  // Actions the role may not take are left out; the hint above the table says which and why.
  const may = (permission: string) => permissions.has(permission);
  return (
    <tr className={result && !result.renewed ? 'loan-line loan-line--refused' : 'loan-line'}>
      <td>
        <input type="checkbox" aria-label={t('account.pickLoan', { loan: label })} checked={picked} onChange={onPick} />
      </td>
      <td>
        <Link to={`/items/${loan.item.id}`}>{loan.item.title}</Link>
        {!checkedOut && <span className="loan-line__state">{tCode('status', loan.state)}</span>}
        {result?.renewed === true && <p className="loan-line__result loan-line__result--ok">{t('account.renewedTo', { due: formatDueDate(result.dueAt, timeZone) })}</p>}
        {result?.renewed === false && (
          <ul className="loan-line__result loan-line__result--refused">
            {result.reasons.map((reason) => (
              <li key={reason}>
                <ErrorIcon />
                {t('account.notRenewed', { reason })}
              </li>
            ))}
          </ul>
        )}
        <div className="loan-line__actions" role="group" aria-label={t('account.actionsFor', { loan: label })}>
          {may('circulation.renew') && (
            <button type="button" className="button button--small" disabled={working} aria-label={t('account.renewLoan', { loan: label })} onClick={onRenew}>
              {t('account.renew')}
            </button>
          )}
          {may('circulation.change-due-date') && (
            <button type="button" className="button button--small" aria-label={t('account.changeDueLoan', { loan: label })} onClick={() => onAction('due-date')}>
              {t('account.changeDue')}
            </button>
          )}
          {may('circulation.declare-lost') && (checkedOut || loan.state === 'claimed-returned') && (
            <button type="button" className="button button--small" aria-label={t('account.lostLoan', { loan: label })} onClick={() => onAction('lost')}>
              {t('account.lost')}
            </button>
          )}
          {may('circulation.claim-returned') && loan.state !== 'claimed-returned' && (
            <button type="button" className="button button--small" aria-label={t('account.claimLoan', { loan: label })} onClick={() => onAction('claim')}>
              {t('account.claim')}
            </button>
          )}
        </div>
      </td>
      <td className="barcode">{loan.item.barcode}</td>
      <td className={loan.overdue ? 'loan-line__due text-problem' : 'loan-line__due'}>
        <time dateTime={loan.dueAt}>{formatDueDate(loan.dueAt, timeZone)}</time>
        {loan.overdue && (
          <span className="loan-line__overdue">
            <ErrorIcon />
            {t('account.overdue')}
          </span>
        )}
      </td>
      <td className="cell--number">{loan.renewalCount}</td>
    </tr>
  );
}
