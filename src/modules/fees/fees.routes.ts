import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { feesDeskRoutes } from './fees-desk.routes.ts';
import { feesLedgerRoutes } from './fees-ledger.routes.ts';
import { finePreviewRoutes } from './fine-preview.routes.ts';
import { receiptRoutes } from './receipt.routes.ts';

/** Every fees route, by area; each area keeps its routes in its own file. */
export async function feesRoutes(app: CarrelApp, deps: RouteDeps): Promise<void> {
  await feesLedgerRoutes(app, deps);
  await finePreviewRoutes(app, deps);
  await feesDeskRoutes(app, deps);
  await receiptRoutes(app, deps);
}
