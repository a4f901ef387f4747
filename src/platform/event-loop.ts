/**
 * Lets timers, sockets and other requests run before a long piece of work goes on. Bulk work
 * (a 30,000-row patron load) calls it every few hundred rows so a kiosk or the desk is not kept
 * waiting; SQLite's driver is synchronous, so awaiting a query alone never gives the loop a turn.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
