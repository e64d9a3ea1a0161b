import { test, expect } from '../support/fixtures';
import { expectAccessible } from '../support/accessibility';
import { SipWsClient } from '../support/sip-ws-client';
import { E2E_LAB, E2E_WS_URL } from '../support/e2e-config';

test('axe in a crowded phone: a call on hold, an active call, an urgent call ringing, a notice and contacts, light and dark; then the settings dialog over it', async ({
  phoneFor,
  users,
}) => {
  const bob = await phoneFor('bob', { contacts: ['alice', 'carol'] });
  const alice = await phoneFor('alice');
  const carol = await phoneFor('carol');
  const p = bob.page;

  // alice's call, answered; then carol's, answered: alice's goes to the held list.
  await alice.dial('bob', { subject: 'Budget review for the second quarter' });
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  await carol.dial('bob', { subject: 'Lunch?' });
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  const held = p.getByRole('region', { name: 'Calls on hold' });
  await expect(held).toContainText('Alice Example');
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');

  // A third call rings, urgent, with a long Subject (from a plain SIP client as carol).
  const third = await SipWsClient.connect({
    url: E2E_WS_URL,
    user: users.carol!.name,
    password: users.carol!.password,
    domain: E2E_LAB.domain,
  });
  try {
    third
      .invite({
        uri: users.bob!.aor,
        headers: [
          `Subject: ${'The server room is flooding, please come at once '.repeat(3).trim()}`,
          'Priority: urgent',
        ],
      })
      .waitForResponse(180, 10_000)
      .catch(() => undefined);
    await expect(bob.incoming()).toHaveCount(1);

    // A notice: a target that is no SIP address.
    await p.getByLabel('Number or SIP address').fill('bob smith');
    await p.getByRole('button', { name: 'Call', exact: true }).click();
    await expect(p.getByTestId('notice')).toBeVisible();
    await expect(bob.active()).toHaveAttribute('data-state', 'connected');

    await expectAccessible(p, 'crowded: held call, active call, urgent ringing call, notice, contacts');

    // In a 320 px sidebar "Hang up" stays on one line (its button moves to a row of its own).
    await p.setViewportSize({ width: 320, height: 720 });
    const hangUpLines = await bob
      .active()
      .getByRole('button', { name: /^Hang up/ })
      .evaluate((button) => {
        const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
        const tops = new Set<number>();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (let i = 0; i < text.length; i++) {
            if (text[i] === ' ') continue;
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            tops.add(Math.round(range.getBoundingClientRect().top));
          }
        }
        return tops.size;
      });
    expect(hangUpLines).toBe(1);
    await p.setViewportSize({ width: 1280, height: 720 });

    // The settings dialog opened over all of it.
    await p.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(p.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    await expectAccessible(p, 'settings dialog during calls');
    await p.keyboard.press('Escape');
  } finally {
    await third.close();
  }
  expect([...alice.pageErrors, ...bob.pageErrors, ...carol.pageErrors]).toEqual([]);
});
