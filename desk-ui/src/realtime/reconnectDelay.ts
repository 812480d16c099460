/** First retry delay after the socketio server rejected or dropped the connection. */
export const RECONNECT_BASE_DELAY_MS = 1_000;
/** Upper bound, so a page left open through a long outage still reconnects within this time. */
export const RECONNECT_MAX_DELAY_MS = 30_000;

/**
 * Returns the wait before reconnect attempt `attempt` (1-based): exponential from the base delay,
 * capped, with up to 20 % jitter taken off so that many open pages do not reconnect in step.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const delay = Math.min(RECONNECT_MAX_DELAY_MS, RECONNECT_BASE_DELAY_MS * 2 ** exponent);
  return Math.round(delay * (1 - 0.2 * random()));
}
