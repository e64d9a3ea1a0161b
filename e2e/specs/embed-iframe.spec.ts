import { test, expect } from '../support/fixtures';
import { HostPage } from '../host-pages/host-page';
import { HOST_ORIGIN, OTHER_ORIGIN } from '../host-pages/host-pages-config';
import { E2E_APP_PORT, E2E_WS_URL } from '../support/e2e-config';
import type { UmPhoneFrame } from '../../src/embed/um-phone-api';

const APP = `http://127.0.0.1:${E2E_APP_PORT}/`;
type WithFrame = { umPhone: UmPhoneFrame };

test('iframe mode: the CRM page drives the framed phone over postMessage and hears its events', async ({
  browser,
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const crm = await HostPage.open(browser, 'iframe.html', { app: APP, user: 'alice' });
  // iframe.js signed the frame in through the API (signIn with credentials from the portal backend).
  expect((await crm.waitForEvent('frame', 'registered')).detail).toEqual({ aor: 'sip:alice@umphone.test' });
  const frame = crm.page.frameLocator('#phone-frame');
  await expect(frame.getByTestId('registration-status')).toHaveText('Registered');

  // A call from the host page, with a Subject.
  await crm.page.evaluate(() =>
    (window as unknown as WithFrame).umPhone.call('bob', { subject: 'CRM record: Bob Example' }),
  );
  await expect(bob.incoming().getByTestId('call-subject')).toHaveText('CRM record: Bob Example');
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(frame.getByTestId('active-call')).toHaveAttribute('data-state', 'connected');
  await crm.page.evaluate(() => (window as unknown as WithFrame).umPhone.hangup());
  await expect(bob.active()).toHaveCount(0);
  expect((await crm.waitForEvent('frame', 'call-ended')).detail).toMatchObject({ answered: true });

  // An incoming call reaches the host page as an event, and the host page answers it.
  await bob.dial('alice', { subject: 'Calling back' });
  const incoming = await crm.waitForEvent('frame', 'incoming');
  expect(incoming.detail).toMatchObject({ fromUri: 'sip:bob@umphone.test', subject: 'Calling back' });
  await crm.page.evaluate(
    (callId) => (window as unknown as WithFrame).umPhone.answer(callId),
    incoming.detail.callId as string,
  );
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  const state = await crm.page.evaluate(() => (window as unknown as WithFrame).umPhone.getState());
  expect(state).toMatchObject({
    registration: 'registered',
    calls: [{ state: 'connected', direction: 'incoming' }],
  });
  await bob.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(frame.getByTestId('active-call')).toHaveCount(0);

  // Bad arguments come back as a rejected promise, not a silent drop.
  const refused = await crm.page.evaluate(() =>
    (window as unknown as WithFrame).umPhone.setPresence('invisible' as never).then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  );
  expect(refused).toBe('Unknown presence state: invisible');
  await crm.close();
});

test("iframe mode: the framing page's sign-in never becomes the standalone app's remembered settings", async ({
  browser,
}) => {
  // The portal signs the frame in as carol (its own choice of server, address, voicemail API...).
  const crm = await HostPage.open(browser, 'iframe.html', { app: APP, user: 'carol' });
  expect((await crm.waitForEvent('frame', 'registered')).detail).toEqual({ aor: 'sip:carol@umphone.test' });
  // The app itself, opened in the same browser (same origin and storage as the frame): its
  // sign-in form shows what the app remembers of its own, the defaults here, not the portal's.
  const app = await crm.context.newPage();
  await app.goto(APP);
  await expect(app.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(app.getByLabel('SIP address', { exact: true })).toHaveValue('sip:alice@umphone.test');
  await crm.close();
});

test('iframe mode: messages from an origin that is not allowed are ignored and logged', async ({
  browser,
  phoneFor,
  users,
}) => {
  const bob = await phoneFor('bob');
  // The same page on another origin, framing the app with an allow-list that names only HOST_ORIGIN.
  const other = await HostPage.open(
    browser,
    'iframe.html',
    { app: APP, user: 'alice', allowedOrigins: HOST_ORIGIN },
    OTHER_ORIGIN,
  );
  const frame = other.page.frameLocator('#phone-frame');
  // Its API sign-in was ignored: the frame still shows its own sign-in screen. Alice signs in by hand.
  await expect(frame.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await frame.getByLabel('Server URL').fill(E2E_WS_URL);
  await frame.getByLabel('SIP address', { exact: true }).fill(users.alice!.aor);
  await frame.getByLabel('Password', { exact: true }).fill(users.alice!.password);
  await frame.getByRole('button', { name: 'Sign in' }).click();
  await expect(frame.getByTestId('registration-status')).toHaveText('Registered', { timeout: 15_000 });

  // The other site posts a call straight to the frame (bypassing the helper's queue).
  const warned = other.page.waitForEvent(
    'console',
    (m) => m.type() === 'warning' && /ignored a message/.test(m.text()),
  );
  await other.page.evaluate(() => {
    const iframe = document.getElementById('phone-frame') as HTMLIFrameElement;
    iframe.contentWindow!.postMessage({ umPhone: 1, id: 99, method: 'call', args: ['bob'] }, '*');
  });
  expect((await warned).text()).toContain(`ignored a message from ${OTHER_ORIGIN}`);
  // Alice then calls bob by hand. Had the posted call been placed, it would have reached bob
  // first (and this one would hold it): bob rings once, for this call.
  await frame.getByLabel('Number or SIP address').fill('bob');
  await frame.getByLabel('Subject').fill('By hand');
  await frame.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(bob.incoming().getByTestId('call-subject')).toHaveText('By hand');
  await expect(bob.incoming()).toHaveCount(1);
  await expect(frame.getByTestId('active-call')).toHaveCount(1);
  await bob.incoming().getByRole('button', { name: 'Decline' }).click();
  await expect(frame.getByTestId('active-call')).toHaveCount(0);
  expect((await other.events()).filter((e) => e.type !== 'ready')).toEqual([]);
  await other.close();
});
