/**
 * How much of the history the list shows. The store keeps the newest 200 calls (HISTORY_LIMIT);
 * rendering all of them would cost every page that much DOM and memory for rows nobody looks at,
 * so the list shows the newest HISTORY_PAGE and "Show older calls" adds the next HISTORY_PAGE,
 * as far as the history goes.
 */
export const HISTORY_PAGE = 20;

/** How many of `total` calls the list shows after `pages` pages (at least the first page). */
export function shownCalls(total: number, pages: number): number {
  const whole = Number.isFinite(pages) ? Math.max(1, Math.floor(pages)) : 1;
  return Math.max(0, Math.min(total, whole * HISTORY_PAGE));
}
