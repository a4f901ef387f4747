import { useState, type FormEvent, type ReactNode } from 'react';
import type { Patron } from '../api/queries.ts';
import { fieldProblemsOf, useClearPinLock, usePatronGroups, useUpdatePatron, type PatronChanges } from '../api/patron-account-queries.ts';
import { formatDateTime } from '../desk/desk-formats.ts';
import { DetailsList } from '../common/details-list.tsx';
import { ActionFailure, ErrorIcon } from '../common/query-status.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { formatDate, t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';

const addressParts = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
type Draft = Record<'barcode' | 'firstName' | 'lastName' | 'preferredFirstName' | 'email' | 'phone' | 'expiresOn' | 'patronGroupId' | (typeof addressParts)[number], string>;

function draftOf(patron: Patron): Draft {
  return {
    barcode: patron.barcode,
    firstName: patron.firstName,
    lastName: patron.lastName,
    preferredFirstName: patron.preferredFirstName ?? '',
    email: patron.email ?? '',
    phone: patron.phone ?? '',
    expiresOn: patron.expiresOn ?? '',
    patronGroupId: patron.patronGroup?.id ?? '',
    ...Object.fromEntries(addressParts.map((part) => [part, patron.address?.[part] ?? ''])),
  } as Draft;
}

const orNull = (value: string) => (value.trim() ? value.trim() : null);

function changesOf(draft: Draft): PatronChanges {
  return {
    barcode: draft.barcode.trim(),
    firstName: draft.firstName.trim(),
    lastName: draft.lastName.trim(),
    preferredFirstName: orNull(draft.preferredFirstName),
    email: orNull(draft.email),
    phone: orNull(draft.phone),
    expiresOn: orNull(draft.expiresOn),
    patronGroupId: draft.patronGroupId,
    address: { line1: orNull(draft.line1), line2: orNull(draft.line2), city: orNull(draft.city), region: orNull(draft.region), postalCode: orNull(draft.postalCode), country: orNull(draft.country) },
  };
}

/** The patron's record, and its edit form with the server's objections beside the fields they are about. */
export function PatronDetailsSection({ patron }: { patron: Patron }) {
  const mayEdit = useSession().session.staff.permissions.includes('patrons.edit');
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState('');
  return (
    <section className="panel" aria-labelledby="patron-details">
      <div className="account__bar">
        <h2 id="patron-details">{t('account.details')}</h2>
        {!editing && (
          <button type="button" className="button" disabled={!mayEdit} onClick={() => { setSaved(''); setEditing(true); }}>
            {t('account.edit')}
          </button>
        )}
      </div>
      {!mayEdit && <p className="hint">{t('account.needsPermission', { permission: 'patrons.edit' })}</p>}
      <p role="status" className="account__saved">{saved}</p>
      {editing ? <PatronForm patron={patron} onDone={(message) => { setSaved(message); setEditing(false); }} /> : <PatronDetailsView patron={patron} />}
    </section>
  );
}

function PatronDetailsView({ patron }: { patron: Patron }) {
  const address = patron.address;
  const lines = [address?.line1, address?.line2, [address?.city, address?.region, address?.postalCode].filter(Boolean).join(' '), address?.country].filter((line): line is string => Boolean(line));
  const rows: [string, ReactNode][] = [
    [t('account.field.firstName'), patron.firstName],
    [t('account.field.preferredFirstName'), patron.preferredFirstName ?? ''],
    [t('account.field.lastName'), patron.lastName],
    [t('account.field.barcode'), <span className="barcode">{patron.barcode}</span>],
    [t('account.field.patronGroupId'), patron.patronGroup?.name ?? ''],
    [t('account.field.expiresOn'), patron.expiresOn ? formatDate(patron.expiresOn) : t('patron.noExpiry')],
    [t('account.field.email'), patron.email ? <a href={`mailto:${patron.email}`}>{patron.email}</a> : ''],
    [t('account.field.phone'), patron.phone ?? ''],
    [t('patron.address'), lines.length ? <address>{lines.map((line) => <span key={line} className="address-line">{line}</span>)}</address> : ''],
    [t('patron.externalId'), patron.externalId ?? ''],
    [t('patron.birthDate'), formatDate(patron.birthDate)],
    [t('patron.pin'), patron.pinLockedUntil ? <PinLock patron={patron} lockedUntil={patron.pinLockedUntil} /> : patron.hasPin === undefined ? '' : patron.hasPin ? t('patron.pinSet') : t('patron.pinNotSet')],
    [t('patron.loanHistory'), patron.keepLoanHistory ? t('patron.keepsHistory') : t('patron.noHistory')],
  ];
  return <DetailsList rows={rows} />;
}

/** A PIN locked by wrong tries, and the button that lifts the lock for staff who may. */
function PinLock({ patron, lockedUntil }: { patron: Patron; lockedUntil: string }) {
  const clearPinLock = useClearPinLock(patron);
  const mayClear = useSession().session.staff.permissions.includes('patrons.clear-pin-lock');
  const [failure, setFailure] = useState('');
  async function clear() {
    setFailure('');
    try {
      await clearPinLock();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }
  return (
    <span>
      {t('patron.pinLocked', { time: formatDateTime(lockedUntil) })}{' '}
      {mayClear && (
        <button type="button" className="button button--quiet" onClick={() => void clear()}>
          {t('patron.clearPinLock')}
        </button>
      )}
      {failure && (
        <span role="alert" className="field__problem">
          <ErrorIcon /> {failure}
        </span>
      )}
    </span>
  );
}

function PatronForm({ patron, onDone }: { patron: Patron; onDone(message: string): void }) {
  const updatePatron = useUpdatePatron(patron.id);
  const groups = usePatronGroups();
  const [draft, setDraft] = useState<Draft>(() => draftOf(patron));
  const [failure, setFailure] = useState<unknown>(null);
  const [working, setWorking] = useState(false);
  const problems = fieldProblemsOf(failure);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setWorking(true);
    setFailure(null);
    try {
      await updatePatron(changesOf(draft));
      onDone(t('account.saved'));
    } catch (error) {
      setFailure(error);
      setWorking(false);
    }
  }

  const field = (name: keyof Draft, type = 'text', problemKey: string = name) => {
    const id = `patron-${name}`;
    const problem = problems[problemKey];
    return (
      <div className="field">
        <label htmlFor={id}>{t(`account.field.${name}` as MessageKey)}</label>
        <input id={id} type={type} value={draft[name]} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined} />
        {problem && (
          <span id={`${id}-problem`} className="field__problem">
            {problem}
          </span>
        )}
      </div>
    );
  };

  const unplaced = !(failure instanceof Error) ? '' : Object.keys(problems).length === 0 ? failure.message : t('account.checkFields');
  return (
    <form className="patron-form" onSubmit={submit} noValidate>
      <fieldset className="patron-form__group">
        <legend>{t('account.name')}</legend>
        {field('firstName')}
        {field('preferredFirstName')}
        {field('lastName')}
      </fieldset>
      <fieldset className="patron-form__group">
        <legend>{t('account.account')}</legend>
        {field('barcode')}
        <div className="field">
          <label htmlFor="patron-patronGroupId">{t('account.field.patronGroupId')}</label>
          <select id="patron-patronGroupId" value={draft.patronGroupId} onChange={(event) => setDraft({ ...draft, patronGroupId: event.target.value })}>
            {(groups.data?.items ?? (patron.patronGroup?.id ? [{ id: patron.patronGroup.id, name: patron.patronGroup.name }] : [])).map((group) => (
              <option key={group.id} value={group.id}>
                {group.name}
              </option>
            ))}
          </select>
          {problems.patronGroupId && <span className="field__problem">{problems.patronGroupId}</span>}
        </div>
        {field('expiresOn', 'date')}
      </fieldset>
      <fieldset className="patron-form__group">
        <legend>{t('account.contact')}</legend>
        {field('email', 'email')}
        {field('phone', 'tel')}
        {addressParts.map((part) => field(part, 'text', `address.${part}`))}
      </fieldset>
      <ActionFailure message={unplaced} />
      <div className="dialog__actions">
        <button type="button" className="button" onClick={() => onDone('')}>
          {t('account.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={working}>
          {working ? t('account.working') : t('account.save')}
        </button>
      </div>
    </form>
  );
}
