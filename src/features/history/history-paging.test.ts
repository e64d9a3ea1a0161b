import { describe, expect, it } from 'vitest';
import { HISTORY_PAGE, shownCalls } from './history-paging';

describe('how much of the history the list shows', () => {
  it('shows the newest page at first, all of a shorter history', () => {
    expect(shownCalls(200, 1)).toBe(HISTORY_PAGE);
    expect(shownCalls(3, 1)).toBe(3);
    expect(shownCalls(0, 1)).toBe(0);
  });

  it('adds a page per "Show older calls", up to the whole history', () => {
    expect(shownCalls(200, 2)).toBe(2 * HISTORY_PAGE);
    expect(shownCalls(HISTORY_PAGE + 5, 2)).toBe(HISTORY_PAGE + 5);
    expect(shownCalls(200, 100)).toBe(200);
  });

  it('shows the first page for a page count that is not a positive whole number', () => {
    for (const pages of [0, -3, Number.NaN, Number.POSITIVE_INFINITY])
      expect(shownCalls(200, pages)).toBe(HISTORY_PAGE);
    expect(shownCalls(200, 1.7)).toBe(HISTORY_PAGE);
  });
});
