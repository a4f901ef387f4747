import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { portalApi, useAccountChanged, usePickupLocations, type PortalLibrary, type PortalRequest, type PortalTitle } from '../api/portal-queries.ts';
import { ActionDialog } from '../common/action-dialog.tsx';
import { QueryStatus } from '../common/query-status.tsx';
import { t } from '../i18n/translate.ts';
import { todayIn } from './portal-formats.ts';

interface PortalRequestDialogProps {
  title: PortalTitle;
  library: PortalLibrary;
  onClose(): void;
  onPlaced(request: PortalRequest): void;
}

/** Request a title: where to pick it up and, if it matters, the last day it is still wanted. */
export function PortalRequestDialog({ title, library, onClose, onPlaced }: PortalRequestDialogProps) {
  const pickupLocations = usePickupLocations();
  const [chosenPickup, setChosenPickup] = useState<string | null>(null);
  const [notNeededAfter, setNotNeededAfter] = useState('');
  const accountChanged = useAccountChanged();
  const place = useMutation({ mutationFn: portalApi.placeRequest });

  const desks = pickupLocations.data?.items ?? [];
  const pickup = desks.find((desk) => desk.id === chosenPickup)?.id ?? desks[0]?.id ?? '';

  async function confirm() {
    const { request } = await place.mutateAsync({ instanceId: title.instanceId, pickupServicePointId: pickup, ...(notNeededAfter ? { notNeededAfter } : {}) });
    void accountChanged();
    onPlaced(request);
  }

  return (
    <ActionDialog
      heading={t('portal.request.heading', { title: title.title })}
      confirmLabel={t('portal.request.submit')}
      cancelLabel={t('portal.request.close')}
      canConfirm={pickup !== ''}
      onConfirm={confirm}
      onClose={onClose}
    >
      {() => (
        <>
          <p>{t('portal.request.explain')}</p>
          {!pickupLocations.data && <QueryStatus query={pickupLocations} />}
          {pickupLocations.data && desks.length === 0 && <p className="message message--error">{t('portal.request.noPickup')}</p>}
          {desks.length > 0 && (
            <div className="field">
              <label htmlFor="portal-request-pickup">{t('portal.request.pickup')}</label>
              <select id="portal-request-pickup" value={pickup} onChange={(event) => setChosenPickup(event.target.value)}>
                {desks.map((desk) => (
                  <option key={desk.id} value={desk.id}>
                    {desk.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor="portal-request-not-needed-after">{t('portal.request.notNeededAfter')}</label>
            <input
              id="portal-request-not-needed-after"
              type="date"
              min={todayIn(library.timeZone)}
              value={notNeededAfter}
              aria-describedby="portal-request-not-needed-after-hint"
              onChange={(event) => setNotNeededAfter(event.target.value)}
            />
            <p className="field__hint" id="portal-request-not-needed-after-hint">
              {t('portal.request.notNeededAfterHint')}
            </p>
          </div>
        </>
      )}
    </ActionDialog>
  );
}
