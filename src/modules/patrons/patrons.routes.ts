import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';

export async function patronsRoutes(_app: CarrelApp, _deps: RouteDeps): Promise<void> {}
