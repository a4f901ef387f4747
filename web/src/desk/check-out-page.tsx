import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-client.ts';
import { useCheckOutItem, useUndoCheckOut, type Refusal } from '../api/desk-queries.ts';
import type { Patron } from '../api/queries.ts';
import { findPatronsByBarcode } from '../api/queries.ts';
import { BarcodeField } from '../common/labelled-field.tsx';
import { ErrorIcon, messageOfFailure } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { patronName } from '../patrons/patron-names.ts';
import { useSession } from '../session/session-context.tsx';
import { CheckOutScanList, type CheckOutScan, type LoanedCheckOutScan } from './check-out-scans.tsx';
import { formatDueDate } from './desk-formats.ts';
import { DeskPatronCard } from './desk-patron-card.tsx';
import { useCurrentServicePoint } from './desk-service-point.ts';
import { NoServicePoint, SlipSizeSetting, SoundSetting } from './desk-controls.tsx';
import { ReceiptActions } from './receipt-actions.tsx';
import { OverrideDialog } from './override-dialog.tsx';
import { CheckOutReceipt } from './print-sheets.tsx';
import { RefusalFlash } from './refusal-flash.tsx';
import { useRefusalSound } from './refusal-alert.ts';
import { useUndoableScan } from './undo-check-out.ts';

let scanCounter = 0;

/** The refusals in a failed check-out, or the error itself as one refusal (network, permission). */
function refusalsOf(error: unknown): Refusal[] {
  const listed = error instanceof ApiError ? (error.details as { refusals?: Refusal[] } | undefined)?.refusals : undefined;
  if (listed && listed.length > 0) return listed;
  const message = messageOfFailure(error);
  // The server's error codes are refusal codes too; a failure without one (the network) counts as internal.
  return [{ code: (error instanceof ApiError ? error.code : 'INTERNAL_ERROR') as Refusal['code'], message, overridable: false, overridePermission: null }];
}

/**
 * The check-out desk of UI.md: scan a patron card, then items one after another. Focus is always
 * back in the field the next scan goes to; refusals flash and can sound; Escape starts afresh.
 */
export function CheckOutPage() {
  const { session } = useSession();
  const checkOutItem = useCheckOutItem();
  const undoCheckOut = useUndoCheckOut();
  const servicePoint = useCurrentServicePoint();
  const timeZone = servicePoint?.timeZone ?? undefined;
  const { soundOn, setSoundOn, soundRefusal } = useRefusalSound();
  const patronField = useRef<HTMLInputElement>(null);
  const itemField = useRef<HTMLInputElement>(null);
  const [patronBarcode, setPatronBarcode] = useState('');
  const [patron, setPatron] = useState<Patron | null>(null);
  const [patronMessage, setPatronMessage] = useState('');
  const [findingPatron, setFindingPatron] = useState(false);
  const [itemBarcode, setItemBarcode] = useState('');
  const [scans, setScans] = useState<CheckOutScan[]>([]);
  const [overriding, setOverriding] = useState<(CheckOutScan & { state: 'refused' }) | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [flashes, setFlashes] = useState(0);
  const [undoing, setUndoing] = useState(false);
  const undoableKey = useUndoableScan(scans);
  const mayOverride = session.staff.permissions.includes('circulation.override');

  useEffect(() => patronField.current?.focus(), []);
  useEffect(() => {
    if (patron) itemField.current?.focus();
  }, [patron]);

  const startNewPatron = useCallback(() => {
    setPatron(null);
    setPatronBarcode('');
    setPatronMessage('');
    setItemBarcode('');
    setScans([]);
    setAnnouncement(t('checkOut.readyForPatron'));
    patronField.current?.focus();
  }, []);

  // Escape anywhere on the page (but not in the override dialog, where it closes the dialog).
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      if (document.querySelector('dialog[open]')) return;
      startNewPatron();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [startNewPatron]);

  async function findPatron(event: FormEvent) {
    event.preventDefault();
    const scanned = patronBarcode.trim();
    if (!scanned) return;
    setFindingPatron(true);
    setPatronMessage('');
    try {
      const page = await findPatronsByBarcode(scanned);
      const found = page.items.find((candidate) => candidate.barcode === scanned);
      if (!found) {
        setPatronMessage(t('patrons.barcodeNotFound', { barcode: scanned }));
        setAnnouncement(t('patrons.barcodeNotFound', { barcode: scanned }));
        soundRefusal();
        setFlashes((count) => count + 1);
        patronField.current?.select();
        return;
      }
      if (found.id !== patron?.id) setScans([]);
      setPatron(found);
      setPatronBarcode(found.barcode);
      setAnnouncement(t('checkOut.patronFound', { name: patronName(found) }));
      itemField.current?.focus();
    } catch (error) {
      setPatronMessage(error instanceof Error ? error.message : t('error.generic'));
      patronField.current?.select();
    } finally {
      setFindingPatron(false);
    }
  }

  function replaceScan(key: string, next: CheckOutScan) {
    setScans((current) => current.map((scan) => (scan.key === key ? next : scan)));
  }

  function announceLoan(next: CheckOutScan) {
    if (next.state === 'loaned') {
      const { loan } = next.reply;
      setAnnouncement(t('checkOut.announceLoaned', { title: loan.item.title, date: formatDueDate(loan.dueAt, timeZone) }));
    } else if (next.state === 'refused') {
      setAnnouncement(t('checkOut.announceRefused', { barcode: next.itemBarcode, reasons: next.refusals.map((refusal) => refusal.message).join(' ') }));
      soundRefusal();
      setFlashes((count) => count + 1);
    }
  }

  async function scanItem(event: FormEvent) {
    event.preventDefault();
    const scanned = itemBarcode.trim();
    if (!scanned || !patron || !servicePoint) return;
    scanCounter += 1;
    const key = `scan-${scanCounter}`;
    setScans((current) => [{ key, itemBarcode: scanned, state: 'pending' }, ...current]);
    setItemBarcode('');
    itemField.current?.focus();
    let next: CheckOutScan;
    try {
      const reply = await checkOutItem({ patronBarcode: patron.barcode, itemBarcode: scanned, servicePointId: servicePoint.id });
      next = { key, itemBarcode: scanned, state: 'loaned', reply, lentAtMs: Date.now() };
    } catch (error) {
      const refusals = refusalsOf(error);
      next = { key, itemBarcode: scanned, state: 'refused', refusals, overridable: refusals.every((refusal) => refusal.overridable) };
    }
    replaceScan(key, next);
    announceLoan(next);
  }

  async function override(scan: CheckOutScan & { state: 'refused' }, reason: string) {
    if (!patron || !servicePoint) return;
    // A refusal the server still gives (another reason, no permission) stays in the dialog, in its words.
    const reply = await checkOutItem({ patronBarcode: patron.barcode, itemBarcode: scan.itemBarcode, servicePointId: servicePoint.id, override: { reason } });
    const next: CheckOutScan = { key: scan.key, itemBarcode: scan.itemBarcode, state: 'loaned', reply, lentAtMs: Date.now() };
    // The overridden loan moves to the top: it is the newest thing that happened.
    setScans((current) => [next, ...current.filter((entry) => entry.key !== scan.key)]);
    announceLoan(next);
    closeOverride();
  }

  // Undo is itself the correction, so it asks nothing; a refusal stays on the row in one sentence.
  async function undo(scan: LoanedCheckOutScan) {
    const { loan } = scan.reply;
    setUndoing(true);
    try {
      await undoCheckOut(loan);
      replaceScan(scan.key, { key: scan.key, itemBarcode: scan.itemBarcode, state: 'undone', reply: scan.reply });
      setAnnouncement(t('checkOut.announceUndone', { title: loan.item.title }));
    } catch (error) {
      const message = messageOfFailure(error);
      replaceScan(scan.key, { ...scan, undoRefusal: message });
      setAnnouncement(t('checkOut.announceUndoRefused', { title: loan.item.title, reason: message }));
      soundRefusal();
    } finally {
      setUndoing(false);
      itemField.current?.focus();
    }
  }

  function closeOverride() {
    setOverriding(null);
  }

  // Back to "Item barcode" once the dialog has gone: only after its unmount has closed it (which
  // hands focus back to whatever opened it) does our focus stick.
  const hadOverride = useRef(false);
  useEffect(() => {
    if (overriding) hadOverride.current = true;
    else if (hadOverride.current) {
      hadOverride.current = false;
      itemField.current?.focus();
    }
  }, [overriding]);

  const loans = scans.flatMap((scan) => (scan.state === 'loaned' ? [scan.reply.loan] : []));
  return (
    <section className="desk" aria-labelledby="check-out-heading">
      <div className="desk__bar">
        <h1 id="check-out-heading">{t('checkOut.heading')}</h1>
        <div className="desk__actions">
          <SoundSetting soundOn={soundOn} onChange={setSoundOn} />
          <SlipSizeSetting />
          <ReceiptActions patron={patron} loans={loans} servicePointId={servicePoint?.id} onDone={() => (patron ? itemField : patronField).current?.focus()} />
          <button type="button" className="button" onClick={startNewPatron} aria-keyshortcuts="Escape">
            {t('checkOut.newPatron')} <kbd>Esc</kbd>
          </button>
        </div>
      </div>
      {!servicePoint && <NoServicePoint />}
      <form className="search-bar" onSubmit={findPatron}>
        <BarcodeField id="patron-barcode" label={t('checkOut.patronBarcode')} ref={patronField} value={patronBarcode} onValueChange={setPatronBarcode} />
        <button type="submit" className="button" disabled={findingPatron}>
          {t('checkOut.findPatron')}
        </button>
        {patronMessage && (
          <p className="search-bar__message message message--error" role="alert">
            <ErrorIcon />
            {patronMessage}
          </p>
        )}
      </form>
      {patron && (
        <div className="desk-layout">
          <DeskPatronCard patron={patron} />
          <div className="desk-layout__work">
            <form className="search-bar" onSubmit={scanItem}>
              <BarcodeField id="check-out-item-barcode" label={t('checkOut.itemBarcode')} ref={itemField} value={itemBarcode} onValueChange={setItemBarcode} disabled={!servicePoint} />
              <button type="submit" className="button button--primary" disabled={!servicePoint}>
                {t('checkOut.submit')}
              </button>
            </form>
            <CheckOutScanList scans={scans} timeZone={timeZone} mayOverride={mayOverride} onOverride={setOverriding} undoableKey={undoableKey} undoing={undoing} onUndo={undo} />
          </div>
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <RefusalFlash count={flashes} />
      {overriding && (
        <OverrideDialog itemBarcode={overriding.itemBarcode} refusals={overriding.refusals} onOverride={(reason) => override(overriding, reason)} onClose={closeOverride} />
      )}
      {patron && (
        <CheckOutReceipt institution={session.staff.institution.name} desk={servicePoint?.name ?? ''} patronName={patronName(patron)} loans={[...loans].reverse()} timeZone={timeZone} />
      )}
    </section>
  );
}
