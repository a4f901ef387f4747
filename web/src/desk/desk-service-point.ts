import type { ServicePoint } from '../api/queries.ts';
import { useServicePoints } from '../api/queries.ts';
import { useCurrentServicePointId } from '../frame/current-service-point.ts';

/** The desk this browser works at, with its time zone for due dates; undefined until chosen. */
export function useCurrentServicePoint(): ServicePoint | undefined {
  const servicePoints = useServicePoints(true);
  const [currentId] = useCurrentServicePointId();
  return servicePoints.data?.items.find((servicePoint) => servicePoint.id === currentId);
}
