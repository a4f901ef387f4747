import { useId, useState, type FormEvent } from 'react';
import { useServicePoints } from '../api/queries.ts';
import { placeRequest, useRequestChange, type RequestRecord, type RequestType } from '../api/request-queries.ts';
import { ModalDialog } from '../common/modal-dialog.tsx';
import { ErrorIcon } from '../common/query-status.tsx';
import { useCurrentServicePointId } from '../frame/current-service-point.ts';
import { t } from '../i18n/translate.ts';
import { problemsByField, type RequestField } from './request-refusals.ts';

interface PlaceRequestDialogProps {
  /** What is requested: a copy (item barcode) or a title; when neither is given the desk scans the item. */
  itemBarcode?: string | undefined;
  instanceId?: string | undefined;
  /** Shown in the heading: the title or copy being requested. */
  what?: string | undefined;
  /** When the patron is already known (from their account). */
  patronBarcode?: string | undefined;
  /** The type that fits the item's status (hold when out, page when on the shelf). */
  suggestedType?: RequestType | undefined;
  onPlaced(request: RequestRecord): void;
  onClose(): void;
}

const types: RequestType[] = ['hold', 'recall', 'page'];

/** Place a hold, recall or page for a patron; each refusal appears beside the field it concerns. */
export function PlaceRequestDialog({ itemBarcode, instanceId, what, patronBarcode, suggestedType = 'hold', onPlaced, onClose }: PlaceRequestDialogProps) {
  const headingId = useId();
  const id = useId();
  const servicePoints = useServicePoints(true);
  const [currentId] = useCurrentServicePointId();
  const pickupPoints = (servicePoints.data?.items ?? []).filter((servicePoint) => servicePoint.isPickupPoint !== false);
  const [patron, setPatron] = useState(patronBarcode ?? '');
  const [item, setItem] = useState(itemBarcode ?? '');
  const [type, setType] = useState<RequestType>(suggestedType);
  const [pickup, setPickup] = useState('');
  const [notNeededAfter, setNotNeededAfter] = useState('');
  const [problems, setProblems] = useState<Partial<Record<RequestField, string[]>>>({});
  const [working, setWorking] = useState(false);
  const place = useRequestChange(placeRequest);
  const pickupId = pickup || (pickupPoints.some((servicePoint) => servicePoint.id === currentId) ? (currentId ?? '') : (pickupPoints[0]?.id ?? ''));
  const askForItem = !itemBarcode && !instanceId;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (working) return;
    setWorking(true);
    setProblems({});
    try {
      const target = instanceId && !itemBarcode ? { instanceId } : { itemBarcode: item.trim() };
      const reply = await place({ type, patronBarcode: patron.trim(), ...target, pickupServicePointId: pickupId, ...(notNeededAfter ? { notNeededAfter } : {}) });
      onPlaced(reply.request);
    } catch (error) {
      setProblems(problemsByField(error));
      setWorking(false);
    }
  }

  const problemOf = (field: RequestField) => problems[field]?.join(' ') ?? '';
  const described = (field: RequestField) => (problemOf(field) ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${field}-problem` } : {});
  const problemText = (field: RequestField) =>
    problemOf(field) ? (
      <span className="field__problem" id={`${id}-${field}-problem`}>
        {problemOf(field)}
      </span>
    ) : null;

  return (
    <ModalDialog labelledBy={headingId} onClose={onClose}>
      <form onSubmit={submit} className="dialog__form" noValidate>
        <h2 id={headingId}>{what ? t('requests.place.headingFor', { what }) : t('requests.place.heading')}</h2>
        {patronBarcode === undefined ? (
          <div className="field">
            <label htmlFor={`${id}-patron`}>{t('requests.place.patronBarcode')}</label>
            <input id={`${id}-patron`} className="input--barcode" autoComplete="off" value={patron} onChange={(event) => setPatron(event.target.value)} autoFocus {...described('patronBarcode')} />
            {problemText('patronBarcode')}
          </div>
        ) : (
          problemText('patronBarcode') && <p className="message message--error">{problemText('patronBarcode')}</p>
        )}
        {askForItem && (
          <div className="field">
            <label htmlFor={`${id}-item`}>{t('requests.place.itemBarcode')}</label>
            <input id={`${id}-item`} className="input--barcode" autoComplete="off" value={item} onChange={(event) => setItem(event.target.value)} autoFocus={patronBarcode !== undefined} {...described('itemBarcode')} />
            {problemText('itemBarcode')}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-type`}>{t('requests.place.type')}</label>
          <select id={`${id}-type`} value={type} onChange={(event) => setType(event.target.value as RequestType)} {...described('type')}>
            {types.map((option) => (
              <option key={option} value={option}>
                {t(`requests.type.${option}`)}
              </option>
            ))}
          </select>
          <span className="field__hint">{t(`requests.typeHint.${type}`)}</span>
          {problemText('type')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-pickup`}>{t('requests.place.pickup')}</label>
          <select id={`${id}-pickup`} value={pickupId} onChange={(event) => setPickup(event.target.value)} {...described('pickupServicePointId')}>
            {pickupPoints.map((servicePoint) => (
              <option key={servicePoint.id} value={servicePoint.id}>
                {servicePoint.name}
              </option>
            ))}
          </select>
          {problemText('pickupServicePointId')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-not-needed`}>{t('requests.place.notNeededAfter')}</label>
          <input id={`${id}-not-needed`} type="date" value={notNeededAfter} onChange={(event) => setNotNeededAfter(event.target.value)} {...described('notNeededAfter')} />
          {problemText('notNeededAfter')}
        </div>
        <p className="message message--error" role="alert">
          {problemOf('form') && (
            <>
              <ErrorIcon />
              {problemOf('form')}
            </>
          )}
        </p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('requests.cancelDialog')}
          </button>
          <button type="submit" className="button button--primary" disabled={working}>
            {working ? t('requests.working') : t('requests.place.submit')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
