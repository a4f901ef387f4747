import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { checkOutReceiptRoutes } from './check-out-receipt.routes.ts';
import { circulationSettingsRoutes } from './circulation-settings.routes.ts';
import { loansRoutes } from './loans.routes.ts';

/** Every circulation route, by area; each area keeps its routes in its own file. */
export async function circulationRoutes(app: CarrelApp, deps: RouteDeps): Promise<void> {
  await circulationSettingsRoutes(app, deps);
  await loansRoutes(app, deps);
  await checkOutReceiptRoutes(app, deps);
}
