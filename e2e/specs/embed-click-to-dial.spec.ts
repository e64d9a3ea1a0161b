import { test, expect } from '../support/fixtures';
import { HostPage } from '../host-pages/host-page';
import { PhonePage } from '../support/phone-page';
import { E2E_WS_URL } from '../support/e2e-config';
import type { Browser } from '@playwright/test';

/** The staff directory page with alice's phone on it, signed in. */
async function directoryWithAlice(browser: Browser) {
  const directory = await HostPage.open(browser, 'directory.html', { user: 'alice' });
  const phone = directory.phone('phone');
  await directory.expectRegistered(phone);
  return { directory, phone };
}

test('click-to-dial: a sip: link in the staff directory calls bob with the Subject from the link', async ({
  browser,
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const { directory, phone } = await directoryWithAlice(browser);

  await directory.page.getByRole('link', { name: 'Call Bob' }).click();

  // The link did not navigate; the phone placed the call with the link's data-subject.
  expect(new URL(directory.page.url()).pathname).toBe('/directory.html');
  await expect(bob.incoming().getByTestId('call-subject')).toHaveText('Your directory entry');
  await expect(bob.incoming().getByTestId('caller-address')).toHaveText('sip:alice@umphone.test');
  await expect(phone.getByTestId('active-call')).toHaveAttribute('data-state', 'calling');

  await bob.incoming().getByRole('button', { name: 'Decline' }).click();
  const ended = await directory.waitForEvent('phone', 'call-ended');
  expect(ended.detail).toMatchObject({ direction: 'outgoing', answered: false, status: 603 });
  await directory.close();
});

test('click-to-dial: a link that hides URI headers behind %3F is refused, nothing is sent, and the next call is the only one', async ({
  browser,
  phoneFor,
}) => {
  const bob = await phoneFor('bob');
  const { directory, phone } = await directoryWithAlice(browser);
  // Decoded, the address is sip:bob@umphone.test?Priority=emergency: URI headers, which would ride
  // in the INVITE's Request-URI and To (RFC 3261 §19.1.1 forbids them there; §19.1.5 lets the
  // next hop make them real headers). Links added later are handled too.
  await directory.page.evaluate(() => {
    const a = document.createElement('a');
    a.href = 'sip:bob@umphone.test%3FPriority%3Demergency';
    a.textContent = 'Smuggled header';
    document.body.append(a);
  });
  await directory.page.getByRole('link', { name: 'Smuggled header' }).click();
  const refused = await directory.waitForEvent('phone', 'error');
  expect(refused.detail).toEqual({
    message: '“sip:bob@umphone.test?Priority=emergency” is not a valid SIP address.',
  });
  await expect(phone.getByTestId('active-call')).toHaveCount(0);

  // Had the first click sent an INVITE, it would reach bob before this one: bob rings once, for this.
  await directory.page.getByRole('link', { name: 'Call Bob' }).click();
  await expect(bob.incoming().getByTestId('call-subject')).toHaveText('Your directory entry');
  await expect(bob.incoming()).toHaveCount(1);
  await bob.incoming().getByRole('button', { name: 'Decline' }).click();
  await directory.waitForEvent('phone', 'call-ended');
  await directory.close();
});

test('the app dials ?call= (what its sip: protocol handler opens) once signed in', async ({
  browser,
  phoneFor,
  users,
}) => {
  const bob = await phoneFor('bob');
  const alice = await PhonePage.open(browser);
  await alice.page.goto(`/?call=${encodeURIComponent('sip:bob@umphone.test')}&subject=From%20a%20link`);
  await alice.signIn({ serverUrl: E2E_WS_URL, aor: users.alice!.aor, password: users.alice!.password });
  await alice.expectRegistered();
  await expect(bob.incoming().getByTestId('call-subject')).toHaveText('From a link');
  // The parameter left the address bar, so a reload would not call again.
  expect(new URL(alice.page.url()).search).toBe('');
  await bob.incoming().getByRole('button', { name: 'Decline' }).click();
  await alice.close();
});
