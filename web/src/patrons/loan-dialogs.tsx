import { useInstitution } from '../api/fee-queries.ts';
import { useId, useState } from 'react';
import { fieldProblemsOf, useChangeDueDate, useClaimReturned, useDeclareLost, useDeclareLostPreview, type AccountLoan } from '../api/patron-account-queries.ts';
import { ErrorIcon } from '../common/query-status.tsx';
import { formatDueDate, todayAsInputValue } from '../desk/desk-formats.ts';
import { formatMoney, t } from '../i18n/translate.ts';
import { ActionDialog } from '../common/action-dialog.tsx';

export type LoanAction = 'due-date' | 'lost' | 'claim';

interface LoanDialogProps {
  /** The account the loan is on: its loans, fees and summary are read again after the change. */
  patronId: string;
  loan: AccountLoan;
  timeZone: string | undefined;
  onDone(announcement: string): void;
  onClose(): void;
}

/** The end of the chosen day on the desk computer's clock: a new due date is a day, as the desk says it. */
function endOfDay(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1, 23, 59, 0).toISOString();
}

function ReasonField({ id, label, value, onChange, required, problem }: { id: string; label: string; value: string; onChange(value: string): void; required?: boolean; problem?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={2} maxLength={1000} required={required} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined} />
      {problem && (
        <span id={`${id}-problem`} className="field__problem">
          {problem}
        </span>
      )}
    </div>
  );
}

export function ChangeDueDateDialog({ patronId, loan, timeZone, onDone, onClose }: LoanDialogProps) {
  const changeDueDate = useChangeDueDate(patronId);
  const dateId = useId();
  const reasonId = useId();
  const [date, setDate] = useState(loan.dueAt.slice(0, 10));
  const [reason, setReason] = useState('');
  return (
    <ActionDialog
      heading={t('account.changeDueHeading', { title: loan.item.title })}
      confirmLabel={t('account.changeDueConfirm')}
      onClose={onClose}
      onConfirm={async () => {
        const changed = await changeDueDate(loan.id, endOfDay(date), reason.trim());
        onDone(t('account.dueChanged', { title: loan.item.title, due: formatDueDate(changed.loan.dueAt, timeZone) }));
      }}
    >
      {(failure) => {
        const problems = fieldProblemsOf(failure);
        return (
          <>
            <p>{t('account.dueNow', { due: formatDueDate(loan.dueAt, timeZone) })}</p>
            <div className="field">
              <label htmlFor={dateId}>{t('account.newDueDate')}</label>
              <input id={dateId} type="date" required min={todayAsInputValue()} value={date} onChange={(event) => setDate(event.target.value)} autoFocus aria-invalid={problems.dueAt ? true : undefined} />
              {problems.dueAt && <span className="field__problem">{problems.dueAt}</span>}
            </div>
            <ReasonField id={reasonId} label={t('account.reason')} value={reason} onChange={setReason} required problem={problems.reason} />
          </>
        );
      }}
    </ActionDialog>
  );
}

export function DeclareLostDialog({ patronId, loan, onDone, onClose }: LoanDialogProps) {
  const declareLost = useDeclareLost(patronId);
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const preview = useDeclareLostPreview(loan.id);
  // The session does not carry the currency (it never did): the institution's record does.
  const currency = useInstitution().data?.currency;
  const charges = preview.data?.charges ?? [];
  const total = charges.reduce((sum, line) => sum + line.amountCents, 0);
  return (
    <ActionDialog
      heading={t('account.lostHeading', { title: loan.item.title })}
      confirmLabel={t('account.lostConfirm')}
      onClose={onClose}
      onConfirm={async () => {
        await declareLost(loan.id, reason.trim());
        onDone(t('account.declaredLost', { title: loan.item.title }));
      }}
    >
      {() => (
        <>
          <p>{t('account.lostEffect', { barcode: loan.item.barcode })}</p>
          <div className="fee-preview" aria-live="polite">
            {preview.isPending && <p>{t('app.loading')}</p>}
            {preview.isError && (
              <p className="text-problem">
                <ErrorIcon />
                {preview.error.message}
              </p>
            )}
            {preview.isSuccess && charges.length === 0 && <p>{t('account.lostNoCharge')}</p>}
            {charges.length > 0 && (
              <>
                <p>{t('account.lostCharges')}</p>
                <ul>
                  {charges.map((line) => (
                    <li key={line.feeType}>{t('account.lostChargeLine', { amount: formatMoney(line.amountCents, currency), why: line.explanation })}</li>
                  ))}
                </ul>
                <p className="fee-preview__after">{t('account.lostTotal', { amount: formatMoney(total, currency) })}</p>
              </>
            )}
          </div>
          <ReasonField id={reasonId} label={t('account.reasonOptional')} value={reason} onChange={setReason} />
        </>
      )}
    </ActionDialog>
  );
}

export function ClaimReturnedDialog({ patronId, loan, onDone, onClose }: LoanDialogProps) {
  const claimReturned = useClaimReturned(patronId);
  const reasonId = useId();
  const [reason, setReason] = useState('');
  return (
    <ActionDialog
      heading={t('account.claimHeading', { title: loan.item.title })}
      confirmLabel={t('account.claimConfirm')}
      onClose={onClose}
      onConfirm={async () => {
        await claimReturned(loan.id, reason.trim());
        onDone(t('account.claimed', { title: loan.item.title }));
      }}
    >
      {() => (
        <>
          <p>{t('account.claimEffect', { barcode: loan.item.barcode })}</p>
          <ReasonField id={reasonId} label={t('account.reasonOptional')} value={reason} onChange={setReason} />
        </>
      )}
    </ActionDialog>
  );
}
