import type { ServiceDeps, ServiceParts } from '@winvestco/common';
import type { OrderConfig } from './config.ts';
import { orderAdminRoutes } from './admin-routes.ts';
import { orderSubscriptions } from './events.ts';
import { orderRoutes } from './routes.ts';
import type { OrderRepositories } from './store.ts';
import { orderActivities } from './workflows/activities.ts';
import { order } from './workflows/sagas.ts';

/**
 * The order service: orders and their saga. An order and the start of its saga commit
 * together; the kit's dispatcher starts the saga, and raises into it what the client (a
 * cancel) and the trade service (fills) tell it.
 */
export async function buildOrderService({ config, dapr, db, sagas, verifier }: ServiceDeps<OrderRepositories, OrderConfig>): Promise<ServiceParts<OrderRepositories>> {
  const routes = orderRoutes({
    db, dapr, sagas, verifier, limits: { maxQuantity: config.maxQuantity, maxValue: config.maxValue }, marketBufferPercent: config.marketBufferPercent,
  });
  routes.use(orderAdminRoutes(db, verifier).routes());
  return {
    routes,
    subscriptions: orderSubscriptions(sagas),
    workflows: { workflows: [order], activities: orderActivities(db, dapr, { marketBufferPercent: config.marketBufferPercent }) },
  };
}
