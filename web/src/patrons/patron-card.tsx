import type { ReactNode } from 'react';
import type { Patron } from '../api/queries.ts';
import { ErrorIcon, NoteIcon } from '../common/query-status.tsx';
import { formatDate, t } from '../i18n/translate.ts';
import { legalNameIfDifferent, patronName } from './patron-names.ts';

interface PatronCardProps {
  patron: Patron;
  /** 2 where the card sits inside a page with its own heading, as at the check-out desk. */
  headingLevel?: 1 | 2;
  /** More rows for the card's list, such as the desk's loan counts. */
  children?: ReactNode;
}

/** The patron card of UI.md: who this is, and anything the desk must notice, in plain words. */
export function PatronCard({ patron, headingLevel = 1, children }: PatronCardProps) {
  const legalName = legalNameIfDifferent(patron);
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <aside className="patron-card" aria-labelledby="patron-name">
      <div className="patron-card__top">
        <div className="patron-card__photo" role="img" aria-label={t('patron.photo')}>
          {initials(patron)}
        </div>
        <div>
          <Heading id="patron-name" className="patron-card__name">
            {patronName(patron)}
          </Heading>
          {legalName && <p className="patron-card__legal">{t('patron.legalName', { name: legalName })}</p>}
        </div>
      </div>
      <dl className="details details--compact">
        <div className="details__row">
          <dt>{t('patron.group')}</dt>
          <dd>{patron.patronGroup?.name ?? t('patron.none')}</dd>
        </div>
        <div className="details__row">
          <dt>{t('patron.barcode')}</dt>
          <dd className="barcode">{patron.barcode}</dd>
        </div>
        <div className="details__row">
          <dt>{t('patron.expires')}</dt>
          <dd>
            <Expiry patron={patron} />
          </dd>
        </div>
        {children}
      </dl>
      <PatronFlags patron={patron} />
    </aside>
  );
}

function Expiry({ patron }: { patron: Patron }) {
  if (!patron.expiresOn) return <>{t('patron.noExpiry')}</>;
  if (patron.expired) {
    return (
      <span className="text-problem">
        <ErrorIcon />
        {t('patron.expiredOn', { date: formatDate(patron.expiresOn) })}
      </span>
    );
  }
  return <>{formatDate(patron.expiresOn)}</>;
}

/** Blocks, inactive accounts and pop-up notes: colour, icon and words, never colour alone. */
function PatronFlags({ patron }: { patron: Patron }) {
  const blocks = patron.blocks ?? [];
  const notes = patron.popUpNotes ?? [];
  const inactive = patron.status === 'inactive';
  if (blocks.length === 0 && notes.length === 0 && !inactive) return null;
  return (
    <ul className="flags">
      {inactive && (
        <li className="flag flag--problem">
          <ErrorIcon />
          <strong>{t('patron.inactive')}</strong>
        </li>
      )}
      {blocks.map((block) => (
        <li key={block.id} className="flag flag--problem">
          <ErrorIcon />
          <span>
            <strong>{`${t('patron.blocked')}: `}</strong>
            {block.reason}
          </span>
        </li>
      ))}
      {notes.map((note) => (
        <li key={note.id} className="flag flag--note">
          <NoteIcon />
          <span>
            <strong>{`${t('patron.note')}: `}</strong>
            {note.text}
          </span>
        </li>
      ))}
    </ul>
  );
}

function initials(patron: Patron): string {
  const first = (patron.preferredFirstName?.trim() || patron.firstName).charAt(0);
  return `${first}${patron.lastName.charAt(0)}`.toUpperCase();
}
