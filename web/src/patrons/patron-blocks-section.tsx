import { useState, type FormEvent } from 'react';
import { fieldProblemsOf, useAddPatronBlock, usePatronBlocks, useRemovePatronBlock, type PatronBlock } from '../api/patron-account-queries.ts';
import { ActionFailure, ErrorIcon, QueryStatus } from '../common/query-status.tsx';
import { formatDateTime } from '../desk/desk-formats.ts';
import { formatDate, t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';
import { ActionDialog } from '../common/action-dialog.tsx';

const blockTypes = ['blocksBorrowing', 'blocksRenewals', 'blocksRequests'] as const;

/** Manual blocks: what each stops, why and until when; add one, or lift one saying why. */
export function PatronBlocksSection({ patronId }: { patronId: string }) {
  const mayEdit = useSession().session.staff.permissions.includes('patrons.edit');
  const blocks = usePatronBlocks(patronId);
  const [lifting, setLifting] = useState<PatronBlock | null>(null);
  const [announcement, setAnnouncement] = useState('');

  function changed(message: string) {
    setAnnouncement(message);
  }

  const items = blocks.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="patron-blocks">
      <h2 id="patron-blocks">{t('account.blocks')}</h2>
      <QueryStatus query={blocks} />
      {blocks.isSuccess && items.length === 0 && <p className="account__empty">{t('account.noBlocks')}</p>}
      {items.length > 0 && (
        <ul className="account-list" aria-label={t('account.blockList')}>
          {items.map((block) => (
            <li key={block.id} className={block.active ? 'account-list__item flag flag--problem' : 'account-list__item'}>
              {block.active && <ErrorIcon />}
              <div className="account-list__main">
                <strong>{block.reason}</strong>
                <span className="account-list__meta">
                  {blockTypes.filter((type) => block[type]).map((type) => t(`account.${type}`)).join(', ')}
                  {' · '}
                  {block.expiresAt ? t('account.blockUntil', { date: formatDateTime(block.expiresAt) }) : t('account.blockNoExpiry')}
                  {!block.active && ` · ${t('account.blockExpired')}`}
                </span>
                {block.patronMessage && <span className="account-list__meta">{t('account.patronSees', { message: block.patronMessage })}</span>}
              </div>
              {mayEdit && (
                <button type="button" className="button button--small" aria-label={t('account.removeBlockNamed', { reason: block.reason })} onClick={() => setLifting(block)}>
                  {t('account.removeBlock')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {mayEdit ? <AddBlockForm patronId={patronId} onAdded={(reason) => changed(t('account.blockAdded', { reason }))} /> : <p className="hint">{t('account.needsPermission', { permission: 'patrons.edit' })}</p>}
      {lifting && <LiftBlockDialog patronId={patronId} block={lifting} onClose={() => setLifting(null)} onLifted={() => { setLifting(null); changed(t('account.blockRemoved', { reason: lifting.reason })); }} />}
    </section>
  );
}

function AddBlockForm({ patronId, onAdded }: { patronId: string; onAdded(reason: string): void }) {
  const [reason, setReason] = useState('');
  const [patronMessage, setPatronMessage] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [types, setTypes] = useState<Record<(typeof blockTypes)[number], boolean>>({ blocksBorrowing: true, blocksRenewals: true, blocksRequests: true });
  const [failure, setFailure] = useState<unknown>(null);
  const addPatronBlock = useAddPatronBlock(patronId);
  const problems = fieldProblemsOf(failure);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    try {
      const expiresAt = expiresOn ? new Date(`${expiresOn}T23:59:00`).toISOString() : null;
      await addPatronBlock(patronId, { reason: reason.trim(), patronMessage: patronMessage.trim() || undefined, ...types, expiresAt });
      onAdded(reason.trim());
      setReason('');
      setPatronMessage('');
      setExpiresOn('');
    } catch (error) {
      setFailure(error);
    }
  }

  const unplaced = failure instanceof Error && !problems.reason && !problems.expiresAt ? failure.message : '';
  return (
    <form className="account-form" onSubmit={submit} noValidate aria-labelledby="add-block">
      <h3 id="add-block">{t('account.addBlock')}</h3>
      <fieldset className="account-form__checks">
        <legend>{t('account.blockStops')}</legend>
        {blockTypes.map((type) => (
          <div key={type} className="field field--check">
            <input id={`block-${type}`} type="checkbox" checked={types[type]} onChange={(event) => setTypes({ ...types, [type]: event.target.checked })} />
            <label htmlFor={`block-${type}`}>{t(`account.${type}`)}</label>
          </div>
        ))}
      </fieldset>
      <div className="field field--grow">
        <label htmlFor="block-reason">{t('account.blockReason')}</label>
        <input id="block-reason" value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} aria-invalid={problems.reason ? true : undefined} />
        {problems.reason && <span className="field__problem">{problems.reason}</span>}
      </div>
      <div className="field field--grow">
        <label htmlFor="block-message">{t('account.blockPatronMessage')}</label>
        <input id="block-message" value={patronMessage} maxLength={500} onChange={(event) => setPatronMessage(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="block-expires">{t('account.blockExpires')}</label>
        <input id="block-expires" type="date" value={expiresOn} onChange={(event) => setExpiresOn(event.target.value)} aria-invalid={problems.expiresAt ? true : undefined} />
        {problems.expiresAt && <span className="field__problem">{problems.expiresAt}</span>}
      </div>
      <button type="submit" className="button button--primary">
        {t('account.addBlockButton')}
      </button>
      <ActionFailure message={unplaced} />
    </form>
  );
}

function LiftBlockDialog({ patronId, block, onClose, onLifted }: { patronId: string; block: PatronBlock; onClose(): void; onLifted(): void }) {
  const [reason, setReason] = useState('');
  const removePatronBlock = useRemovePatronBlock(patronId);
  return (
    <ActionDialog
      heading={t('account.removeBlockHeading')}
      confirmLabel={t('account.removeBlock')}
      onClose={onClose}
      onConfirm={async () => {
        await removePatronBlock(patronId, block.id, reason.trim());
        onLifted();
      }}
    >
      {() => (
        <>
          <p>{t('account.removeBlockEffect', { reason: block.reason, since: formatDate(block.createdAt) })}</p>
          <div className="field">
            <label htmlFor="lift-reason">{t('account.removeBlockReason')}</label>
            <textarea id="lift-reason" rows={2} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} autoFocus />
          </div>
        </>
      )}
    </ActionDialog>
  );
}
