import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import { useCheckInItem, type DeskCheckInReply } from '../api/desk-queries.ts';
import { ApiError } from '../api/api-client.ts';
import { useRequestsChanged } from '../api/request-queries.ts';
import { BarcodeField, LabelledField } from '../common/labelled-field.tsx';
import { ErrorIcon, messageOfFailure } from '../common/query-status.tsx';
import { formatDate, t } from '../i18n/translate.ts';
import { useSession } from '../session/session-context.tsx';
import { NoServicePoint, SlipSizeSetting, SoundSetting } from './desk-controls.tsx';
import { formatDateTime, formatDueDate, returnedAtOf, todayAsInputValue } from './desk-formats.ts';
import { useCurrentServicePoint } from './desk-service-point.ts';
import { HoldSlipSheet } from '../requests/hold-slip-sheet.tsx';
import { RoutingSlipSheet, slipOfCheckIn, type PrintedSlip } from './print-sheets.tsx';
import { RefusalFlash } from './refusal-flash.tsx';
import { useRefusalSound } from './refusal-alert.ts';

type CheckInScan =
  | { key: string; itemBarcode: string; backdatedTo: string | null; state: 'pending' }
  | { key: string; itemBarcode: string; backdatedTo: string | null; state: 'done'; reply: DeskCheckInReply }
  | { key: string; itemBarcode: string; backdatedTo: string | null; state: 'failed'; message: string };

let scanCounter = 0;

/** Refusals about the return date: explained beside "Returned on", where the date is changed. */
const backdateRefusals = new Set(['BACKDATE_PERMISSION_REQUIRED', 'BACKDATE_EXCEEDS_WAIVE_LIMIT']);

/**
 * The check-in desk: each scan answers with what to do with the item, in large type, newest
 * first. A book drop emptied after a closure is checked in with the day it was returned.
 */
export function CheckInPage() {
  const servicePoint = useCurrentServicePoint();
  const { session } = useSession();
  // a check-in fills, keeps or clears holds: the hold shelf and the dashboard read afresh
  const requestsChanged = useRequestsChanged();
  const mayMakeAvailable = session.staff.permissions.includes('catalog.edit');
  const timeZone = servicePoint?.timeZone ?? undefined;
  const { soundOn, setSoundOn, soundRefusal } = useRefusalSound();
  const itemField = useRef<HTMLInputElement>(null);
  const checkInItem = useCheckInItem();
  const [itemBarcode, setItemBarcode] = useState('');
  const [returnedOn, setReturnedOn] = useState(todayAsInputValue);
  const [scans, setScans] = useState<CheckInScan[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [slip, setSlip] = useState<PrintedSlip | null>(null);
  const [flashes, setFlashes] = useState(0);
  const [backdateRefusal, setBackdateRefusal] = useState('');
  const today = todayAsInputValue();
  const backdated = returnedOn !== '' && returnedOn < today;

  useEffect(() => itemField.current?.focus(), []);

  function scan(event: FormEvent) {
    event.preventDefault();
    const scanned = itemBarcode.trim();
    if (!scanned || !servicePoint) return;
    setItemBarcode('');
    void checkIn(scanned, false);
  }

  /** Check one item in (again with makeAvailable when staff release a set-aside item). */
  async function checkIn(scanned: string, makeAvailable: boolean) {
    if (!servicePoint) return;
    scanCounter += 1;
    const key = `check-in-${scanCounter}`;
    const returnedAt = returnedAtOf(returnedOn);
    const backdatedTo = returnedAt ? returnedOn : null;
    setScans((current) => [{ key, itemBarcode: scanned, backdatedTo, state: 'pending' }, ...current]);
    itemField.current?.focus();
    let next: CheckInScan;
    try {
      const reply: DeskCheckInReply = await checkInItem({ itemBarcode: scanned, servicePointId: servicePoint.id, ...(returnedAt ? { returnedAt } : {}), ...(makeAvailable ? { makeAvailable } : {}) });
      next = { key, itemBarcode: scanned, backdatedTo, state: 'done', reply };
      void requestsChanged();
      setAnnouncement([`${reply.item.title}: ${reply.instruction}`, ...notesOf(next, timeZone)].join(' '));
    } catch (error) {
      const message = messageOfFailure(error);
      if (error instanceof ApiError && backdateRefusals.has(error.code)) setBackdateRefusal(t('checkIn.backdateRefused', { date: formatDate(returnedOn), message }));
      next = { key, itemBarcode: scanned, backdatedTo, state: 'failed', message };
      setAnnouncement(t('checkIn.announceFailed', { barcode: scanned, message }));
      soundRefusal();
      setFlashes((count) => count + 1);
    }
    setScans((current) => current.map((entry) => (entry.key === key ? next : entry)));
  }

  const printSlip = useCallback((printed: PrintedSlip) => {
    flushSync(() => setSlip(printed));
    window.print();
    itemField.current?.focus();
  }, []);

  // F9 prints the slip of the newest result (UI.md: "A slip prints with one key"), wherever focus is.
  const newest = scans[0];
  useEffect(() => {
    const lastSlip = newest?.state === 'done' ? slipOfCheckIn(newest.reply) : null;
    if (!lastSlip) return undefined;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'F9' || event.repeat || !lastSlip) return;
      event.preventDefault();
      printSlip(lastSlip);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [newest, printSlip]);

  return (
    <section className="desk" aria-labelledby="check-in-heading">
      <div className="desk__bar">
        <h1 id="check-in-heading">{t('checkIn.heading')}</h1>
        <div className="desk__actions">
          <SlipSizeSetting />
          <SoundSetting soundOn={soundOn} onChange={setSoundOn} />
        </div>
      </div>
      {!servicePoint && <NoServicePoint />}
      <form className="search-bar" onSubmit={scan}>
        <BarcodeField id="check-in-item-barcode" label={t('checkIn.itemBarcode')} ref={itemField} value={itemBarcode} onValueChange={setItemBarcode} disabled={!servicePoint} />
        <button type="submit" className="button button--primary" disabled={!servicePoint}>
          {t('checkIn.submit')}
        </button>
        <LabelledField
          id="returned-on"
          label={t('checkIn.returnedOn')}
          fieldClassName={backdated ? 'field--backdated' : undefined}
          type="date"
          value={returnedOn}
          max={today}
          onValueChange={(value) => {
            setReturnedOn(value);
            setBackdateRefusal('');
          }}
          aria-describedby="returned-on-hint"
          aria-invalid={backdateRefusal ? true : undefined}
        />
        <p id="returned-on-hint" className={`search-bar__message hint${backdateRefusal ? ' message--error' : backdated ? ' hint--busy' : ''}`}>
          {backdateRefusal || (backdated ? t('checkIn.backdatedHint', { date: formatDate(returnedOn) }) : t('checkIn.returnedOnHint'))}
        </p>
      </form>
      <p className="hint">{t('checkIn.keysHelp')}</p>
      {scans.length === 0 ? (
        <p className="hint">{t('checkIn.emptyList')}</p>
      ) : (
        <ol className="scans" aria-label={t('checkIn.listLabel')}>
          {scans.map((entry, index) => (
            <li key={entry.key} className={`scan scan--check-in${entry.state === 'failed' ? ' scan--refused' : ''}`}>
              <CheckInLine
                scan={entry}
                timeZone={timeZone}
                onPrintSlip={printSlip}
                printsWithKey={index === 0}
                onMakeAvailable={mayMakeAvailable ? (barcode) => void checkIn(barcode, true) : undefined}
              />
            </li>
          ))}
        </ol>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <RefusalFlash count={flashes} />
      {slip?.kind === 'routing' && <RoutingSlipSheet slip={slip.slip} timeZone={timeZone} />}
      {slip?.kind === 'hold' && <HoldSlipSheet slip={slip.slip} timeZone={timeZone} />}
    </section>
  );
}

/** The lines under the instruction: how a lost or claimed-returned item was resolved, lateness, backdating. */
function notesOf(scan: CheckInScan & { state: 'done' }, timeZone: string | undefined): string[] {
  const { reply } = scan;
  const notes: string[] = [];
  if (reply.resolution === 'found-by-library') notes.push(t('checkIn.foundByLibrary'));
  if (reply.resolution === 'returned-by-patron') notes.push(t('checkIn.returnedByPatron'));
  if (reply.clearedFromHoldShelf) notes.push(t('checkIn.clearedFromHoldShelf'));
  if (reply.action !== 'set-aside' && reply.previousStatus && setAsideStatuses.has(reply.previousStatus)) notes.push(t('checkIn.madeAvailable', { status: reply.previousStatus }));
  if (reply.loan?.overdue) notes.push(t('checkIn.overdue', { date: formatDueDate(reply.loan.dueAt, timeZone) }));
  if (scan.backdatedTo) notes.push(t('checkIn.backdated', { date: formatDate(scan.backdatedTo) }));
  return notes;
}

interface CheckInLineProps {
  scan: CheckInScan;
  timeZone: string | undefined;
  onPrintSlip(slip: PrintedSlip): void;
  /** The newest result: F9 prints its slip, and its button says so. */
  printsWithKey: boolean;
  /** Check a set-aside item in again, to circulate (staff who may edit items). */
  onMakeAvailable: ((itemBarcode: string) => void) | undefined;
}

const setAsideStatuses = new Set(['withdrawn', 'damaged', 'in-repair', 'on-order', 'in-process', 'unavailable']);

function CheckInLine({ scan, timeZone, onPrintSlip, printsWithKey, onMakeAvailable }: CheckInLineProps) {
  if (scan.state === 'pending') {
    return (
      <div className="scan__main">
        <span className="barcode">{scan.itemBarcode}</span>
        <span className="scan__status">{t('checkIn.working')}</span>
      </div>
    );
  }
  if (scan.state === 'failed') {
    return (
      <div className="scan__main">
        <p className="scan__instruction">
          <ErrorIcon />
          {scan.message}
        </p>
        <p className="scan__meta">
          <span className="barcode">{scan.itemBarcode}</span>
        </p>
      </div>
    );
  }
  const { reply } = scan;
  const holdSlip = reply.holdSlip ?? null;
  const keyed = printsWithKey ? slipOfCheckIn(reply)?.kind : undefined;
  // In parentheses so the visible words stay part of the button's name ("Print slip for …"); aria-keyshortcuts tells the key.
  const keyHint = (
    <span>
      (<kbd>F9</kbd>)
    </span>
  );
  return (
    <>
      <div className="scan__main">
        <p className={`scan__instruction scan__instruction--${reply.action}`}>{reply.instruction}</p>
        {holdSlip && (
          <p className="scan__hold-for">{t('checkIn.holdFor', { patron: holdSlip.patron, date: formatDateTime(holdSlip.holdShelfExpiresAt, timeZone) })}</p>
        )}
        <p className="scan__meta">
          <span className="scan__item-title">{reply.item.title}</span>
          <span className="barcode">{reply.item.barcode}</span>
          {reply.item.callNumber && <span className="call-number">{reply.item.callNumber}</span>}
        </p>
        {notesOf(scan, timeZone).map((note) => (
          <p key={note} className="scan__warning">
            {note}
          </p>
        ))}
      </div>
      <div className="scan__actions">
        {reply.action === 'set-aside' && onMakeAvailable && (
          <button type="button" className="button button--small" onClick={() => onMakeAvailable(reply.item.barcode)} aria-label={t('checkIn.makeAvailableLabel', { barcode: reply.item.barcode })}>
            {t('checkIn.makeAvailable')}
          </button>
        )}
        {holdSlip && (
          <button type="button" className="button button--small" onClick={() => onPrintSlip({ kind: 'hold', slip: holdSlip })} aria-label={t('checkIn.printHoldSlipLabel', { barcode: reply.item.barcode })} aria-keyshortcuts={keyed === 'hold' ? 'F9' : undefined}>
            {t('checkIn.printHoldSlip')} {keyed === 'hold' && keyHint}
          </button>
        )}
        {reply.routingSlip && (
          <button type="button" className="button button--small" onClick={() => reply.routingSlip && onPrintSlip({ kind: 'routing', slip: reply.routingSlip })} aria-label={t('checkIn.printSlipLabel', { barcode: reply.item.barcode })} aria-keyshortcuts={keyed === 'routing' ? 'F9' : undefined}>
            {t('checkIn.printSlip')} {keyed === 'routing' && keyHint}
          </button>
        )}
      </div>
    </>
  );
}
