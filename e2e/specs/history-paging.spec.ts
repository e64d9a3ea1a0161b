import { test, expect } from '../support/fixtures';
import { PhonePage } from '../support/phone-page';
import { expectAccessible } from '../support/accessibility';
import { E2E_UM_HTTP_URL, E2E_WS_URL } from '../support/e2e-config';

/** src/features/history/history-paging.ts HISTORY_PAGE: what the list shows at first and adds each time. */
const PAGE = 20;
/** Calls bob's browser remembers from earlier sessions (seed-1 the newest). */
const REMEMBERED = 44;

test('a long history shows its newest calls and, by keyboard, the older ones page by page; Call back works on an older one', async ({
  browser,
  phoneFor,
  users,
}) => {
  const alice = await phoneFor('alice');
  const bobUser = users.bob!;
  const aliceUser = users.alice!;

  // bob returns to a browser that remembers 44 calls (the phone's own stored format, version 1).
  const bob = await PhonePage.open(browser);
  const now = Date.now();
  const calls = Array.from({ length: REMEMBERED }, (_, i) => ({
    id: `seed-${i + 1}`,
    direction: 'incoming',
    purpose: 'call',
    peerUri: aliceUser.aor,
    peerName: aliceUser.displayName,
    subject: `Remembered call ${i + 1}`,
    urgent: false,
    startedAt: now - (i + 1) * 60_000,
    ended: { kind: 'missed-caller-hung-up' },
  }));
  await bob.page.evaluate(
    ([key, doc]) => localStorage.setItem(key!, doc!),
    [`um-phone.history.v1:${bobUser.aor.toLowerCase()}`, JSON.stringify({ v: 1, calls })],
  );
  await bob.signIn({
    serverUrl: E2E_WS_URL,
    voicemailApiUrl: E2E_UM_HTTP_URL,
    aor: bobUser.aor,
    password: bobUser.password,
    displayName: bobUser.displayName,
  });
  await bob.expectRegistered();
  const history = bob.page.getByRole('region', { name: 'History' });
  const entries = history.getByTestId('history-entry');
  const shown = history.getByTestId('history-shown');
  const older = history.getByRole('button', { name: 'Show older calls' });

  // A new call lands on top of the newest page; the count says what is not shown.
  await alice.dial('bob', { subject: 'Live one' });
  await expect(bob.incoming()).toBeVisible();
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.incoming()).toHaveCount(0);
  await expect(shown).toHaveText(`Showing the newest ${PAGE} of ${REMEMBERED + 1} calls`);
  await expect(entries).toHaveCount(PAGE);
  await expect(entries.first().getByTestId('history-subject')).toHaveText('Live one');
  await expect(entries.last().getByTestId('history-subject')).toHaveText(`Remembered call ${PAGE - 1}`);
  await expectAccessible(bob.page, 'history with older calls not shown');

  // By keyboard: Enter on "Show older calls" adds the next page and moves the focus to its first
  // call, so a screen reader reads on from there.
  await older.focus();
  await bob.page.keyboard.press('Enter');
  await expect(entries).toHaveCount(2 * PAGE);
  await expect(entries.nth(PAGE)).toBeFocused();
  await expect(entries.nth(PAGE).getByTestId('history-subject')).toHaveText(`Remembered call ${PAGE}`);
  await expect(shown).toHaveText(`Showing the newest ${2 * PAGE} of ${REMEMBERED + 1} calls`);

  // The last page: all 45, and nothing more to offer.
  await older.focus();
  await bob.page.keyboard.press('Space');
  await expect(entries).toHaveCount(REMEMBERED + 1);
  await expect(entries.nth(2 * PAGE)).toBeFocused();
  await expect(older).toHaveCount(0);
  await expect(shown).toHaveCount(0);

  // Call back from one of the oldest calls: alice's phone rings.
  await entries.last().getByRole('button', { name: 'Call back' }).click();
  await expect(alice.incoming()).toBeVisible();
  await alice.incoming().getByRole('button', { name: 'Decline' }).click();
  await expect(bob.ended()).toContainText('Declined');
  expect(bob.pageErrors).toEqual([]);
  await bob.close();
});
