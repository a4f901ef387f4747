import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ServicePoint } from '../api/queries.ts';
import { useServicePoints } from '../api/queries.ts';
import { t } from '../i18n/translate.ts';
import { useCurrentServicePointId } from './current-service-point.ts';

/**
 * The current service point, always in the header. Changing it takes two deliberate steps
 * (Change, then confirm), so a stray click never moves a desk's transactions elsewhere.
 */
export function ServicePointPicker() {
  const servicePoints = useServicePoints(true);
  const [currentId, setCurrentId] = useCurrentServicePointId();
  // 'asked' when Carrel needs a choice (no focus taken from the page), 'deliberate' after Change.
  const [choosing, setChoosing] = useState<false | 'asked' | 'deliberate'>(false);
  const [announcement, setAnnouncement] = useState('');
  const changeButton = useRef<HTMLButtonElement>(null);
  const focusChangeButton = useRef(false);
  const list = servicePoints.data?.items ?? [];
  const current = list.find((servicePoint) => servicePoint.id === currentId);

  // A single desk needs no choice; otherwise ask once, when nothing valid is remembered.
  useEffect(() => {
    if (!servicePoints.isSuccess || current) return;
    if (list.length === 1 && list[0]) setCurrentId(list[0].id);
    else if (list.length > 1) setChoosing('asked');
  }, [servicePoints.isSuccess, current, list, setCurrentId]);

  // After a choice made in the form, focus goes back where the choosing started.
  useEffect(() => {
    if (!choosing && focusChangeButton.current) {
      focusChangeButton.current = false;
      changeButton.current?.focus();
    }
  }, [choosing]);

  function cancel() {
    focusChangeButton.current = true;
    setChoosing(false);
  }

  function choose(servicePoint: ServicePoint) {
    focusChangeButton.current = true;
    setCurrentId(servicePoint.id);
    setChoosing(false);
    setAnnouncement(t('frame.servicePointChanged', { name: servicePoint.name }));
  }

  return (
    <div className="service-point">
      <span className="service-point__label">{t('frame.servicePoint')}</span>
      {choosing ? (
        <ServicePointForm
          list={list}
          currentId={current?.id}
          takeFocus={choosing === 'deliberate'}
          onChoose={choose}
          onCancel={current ? cancel : undefined}
        />
      ) : (
        <>
          <strong className="service-point__name">{current ? current.name : t('frame.noServicePoint')}</strong>
          {list.length > 1 && (
            <button
              type="button"
              ref={changeButton}
              className="button button--quiet"
              onClick={() => setChoosing('deliberate')}
              aria-label={t('frame.changeServicePointLabel')}
            >
              {t('frame.changeServicePoint')}
            </button>
          )}
        </>
      )}
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </div>
  );
}

interface FormProps {
  list: ServicePoint[];
  currentId: string | undefined;
  takeFocus: boolean;
  onChoose(servicePoint: ServicePoint): void;
  onCancel?: () => void;
}

function ServicePointForm({ list, currentId, takeFocus, onChoose, onCancel }: FormProps) {
  const selectId = useId();
  const [selected, setSelected] = useState(currentId ?? list[0]?.id ?? '');
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (takeFocus) select.current?.focus();
  }, [takeFocus]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const servicePoint = list.find((candidate) => candidate.id === selected);
    if (servicePoint) onChoose(servicePoint);
  }

  return (
    <form className="service-point__form" onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel?.()}>
      <label htmlFor={selectId} className="visually-hidden">
        {t('frame.chooseServicePoint')}
      </label>
      <select id={selectId} ref={select} value={selected} onChange={(event) => setSelected(event.target.value)}>
        {list.map((servicePoint) => (
          <option key={servicePoint.id} value={servicePoint.id}>
            {servicePoint.library ? `${servicePoint.name} — ${servicePoint.library.name}` : servicePoint.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--primary button--small">
        {t('frame.useServicePoint')}
      </button>
      {onCancel && (
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t('frame.cancel')}
        </button>
      )}
    </form>
  );
}
