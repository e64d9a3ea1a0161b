import { test, expect } from '../support/fixtures';
import { HostPage } from '../host-pages/host-page';
import type { UmPhoneElement } from '../../src/embed/um-phone-api';
import { E2E_WS_URL } from '../support/e2e-config';

test('two <um-phone> elements on one page: alice calls bob with a Subject, bob answers, both hear the events', async ({
  browser,
}) => {
  const desk = await HostPage.open(browser, 'reception.html');
  const alice = desk.phone('alice');
  const bob = desk.phone('bob');
  // Each element signed itself in from its attributes and the credentials property.
  await desk.expectRegistered(alice);
  await desk.expectRegistered(bob);
  await desk.waitForEvent('alice', 'registered');
  expect((await desk.waitForEvent('bob', 'registered')).detail).toEqual({ aor: 'sip:bob@umphone.test' });

  // Alice's element, through its JS API.
  await alice.evaluate((el) =>
    (el as UmPhoneElement).call('bob', {
      subject: 'Visitor at the desk',
      priority: 'urgent',
    }),
  );

  // Bob's element rings with the Subject; only bob hears `incoming`.
  const ringing = bob.getByTestId('incoming-call');
  await expect(ringing.getByTestId('call-subject')).toHaveText('Visitor at the desk');
  await expect(ringing).toHaveAttribute('data-urgent', 'true');
  const incoming = await desk.waitForEvent('bob', 'incoming');
  expect(incoming.detail).toMatchObject({
    fromUri: 'sip:alice@umphone.test',
    subject: 'Visitor at the desk',
    urgent: true,
    playOnPhone: false,
  });
  expect(typeof incoming.detail.callId).toBe('string');
  await expect(alice.getByTestId('incoming-call')).toHaveCount(0);
  await expect(alice.getByTestId('active-call')).toHaveAttribute('data-state', 'calling');

  // Bob answers on screen; both elements show the call connected.
  await ringing.getByRole('button', { name: 'Answer' }).click();
  await expect(bob.getByTestId('active-call')).toHaveAttribute('data-state', 'connected');
  await expect(alice.getByTestId('active-call')).toHaveAttribute('data-state', 'connected');

  // Alice hangs up through the API: both end, both elements say so in `call-ended`.
  await alice.evaluate((el) => (el as UmPhoneElement).hangup());
  const aliceEnded = await desk.waitForEvent('alice', 'call-ended');
  const bobEnded = await desk.waitForEvent('bob', 'call-ended');
  expect(aliceEnded.detail).toMatchObject({
    direction: 'outgoing',
    answered: true,
    subject: 'Visitor at the desk',
  });
  expect(bobEnded.detail).toMatchObject({
    direction: 'incoming',
    answered: true,
    callId: incoming.detail.callId,
  });
  await expect(bob.getByTestId('active-call')).toHaveCount(0);

  const events = await desk.events();
  expect(events.filter((e) => e.source === 'alice' && e.type === 'incoming')).toEqual([]);
  expect(events.filter((e) => e.type === 'error')).toEqual([]);
  expect(desk.pageErrors).toEqual([]);

  // Each element's history is its own user's, and it survives a reload of the host page.
  await desk.page.reload();
  await desk.expectRegistered(bob);
  await expect(bob.getByTestId('history-entry').first()).toContainText('Visitor at the desk');
  await expect(alice.getByTestId('history-entry').first()).toContainText('Visitor at the desk');
  await expect(alice.getByTestId('history-entry')).toHaveCount(1);
  await desk.close();
});

test('the portal sidebar: host CSS and phone CSS stay apart both ways; lang and aor reconfigure it live', async ({
  browser,
}) => {
  const portal = await HostPage.open(browser, 'portal-sidebar.html', { user: 'alice' });
  const phone = portal.phone('phone');
  await portal.expectRegistered(phone);

  // hostile-theme.css hides .card, .app and .call-card, and paints every button pink in Comic Sans.
  const dialer = phone.getByRole('button', { name: 'Call', exact: true });
  await expect(dialer).toBeVisible();
  const inside = await dialer.evaluate((el) => {
    const s = getComputedStyle(el);
    return { font: s.fontFamily, background: s.backgroundColor, spacing: s.letterSpacing };
  });
  expect(inside.font).not.toMatch(/Comic Sans/);
  expect(inside.background).not.toBe('rgb(255, 105, 180)');
  expect(inside.spacing).not.toBe('2px');

  // The phone's .card styles (border radius, surface) stay inside its shadow root.
  const outsideCard = await portal.page
    .locator('main p.card')
    .evaluate((el) => getComputedStyle(el).borderRadius);
  expect(outsideCard).toBe('0px');
  // The element sits in its 320 px sidebar without overflowing it.
  const box = await phone.boundingBox();
  expect(box?.width).toBeLessThanOrEqual(322);

  // `lang` switches the language live, without signing in again.
  await phone.evaluate((el) => el.setAttribute('lang', 'de'));
  await expect(phone.getByRole('button', { name: 'Anrufen', exact: true })).toBeVisible();
  await expect(phone.getByTestId('registration-status')).toHaveText('Angemeldet');
  await phone.evaluate((el) => el.setAttribute('lang', 'en'));

  // Another attribute reconfigures the phone live: a new aor signs in again, as bob.
  await phone.evaluate((el) => el.setAttribute('aor', 'sip:bob@umphone.test'));
  await portal.waitForEvent('phone', 'unregistered');
  await expect
    .poll(async () => (await portal.events()).filter((e) => e.type === 'registered').map((e) => e.detail.aor))
    .toEqual(['sip:alice@umphone.test', 'sip:bob@umphone.test']);
  await portal.expectRegistered(phone);
  await portal.close();
});

test('without credentials the element shows its sign-in screen, prefilled; the password property signs it in', async ({
  browser,
  users,
}) => {
  const page = await HostPage.open(browser, 'index.html');
  await page.page.addScriptTag({ url: '/embed/um-phone.js', type: 'module' });
  await page.page.evaluate(
    ({ server, aor }) => {
      const el = document.createElement('um-phone');
      el.id = 'late';
      el.setAttribute('server', server);
      el.setAttribute('aor', aor);
      el.setAttribute('display-name', 'Added Later');
      document.body.append(el);
    },
    { server: E2E_WS_URL, aor: users.alice!.aor },
  );
  const phone = page.phone('late');
  await expect(phone.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(phone.getByLabel('SIP address', { exact: true })).toHaveValue(users.alice!.aor);
  await expect(phone.getByLabel('Server URL')).toHaveValue(E2E_WS_URL);
  // No attribute can carry it, and reading it back gives nothing away.
  const readBack = await phone.evaluate((el, pw) => {
    const phoneEl = el as UmPhoneElement;
    phoneEl.password = pw;
    return { password: phoneEl.password, attributes: phoneEl.getAttributeNames() };
  }, users.alice!.password);
  expect(readBack.password).toBeNull();
  expect(readBack.attributes).not.toContain('password');
  await page.expectRegistered(phone);
  await page.close();
});
