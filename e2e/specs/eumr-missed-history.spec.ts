import { test, expect } from '../support/fixtures';
import type { RunningLab } from '../../lab/lab';
import type { RunningUm } from '../../lab/um/server';
import {
  EUMR_DIAL_PLAN,
  UM1_ADDR,
  eumrPorts,
  startNotifyingLab,
  type NotifyingLab,
} from '../support/eumr-lab';
import type { PhonePage } from '../support/phone-page';

/**
 * MS-EUMR 3.2 as bob sees it: Kamailio reports bob's missed calls to the notifier sidecar, which
 * sends them to our UM emulator as schema-checked INFOs; bob's phone (real Chromium) reads them
 * back from the UM's web API into its history. Routing to voicemail is off in this lab, so a
 * missed call stays missed (with it on, the call would land in bob's mailbox instead).
 */
test.describe.configure({ mode: 'serial' });

let stack: NotifyingLab;
let lab: RunningLab;
let um: RunningUm;

test.beforeAll(async () => {
  stack = await startNotifyingLab('eumr-history', 700, {
    dialPlans: [
      { name: EUMR_DIAL_PLAN, umServers: [{ address: UM1_ADDR, port: eumrPorts(700).um1Port, version: 15 }] },
    ],
    lab: { voicemailDiversion: false },
  });
  ({ lab, um } = stack);
});

test.afterAll(async () => {
  await stack?.stop();
});

const onLab = () => ({ serverUrl: lab.wsUrl, voicemailApiUrl: um.httpUrl });

function historyOf(phone: PhonePage) {
  return phone.page.getByRole('region', { name: 'History' }).getByTestId('history-entry');
}

test('alice hangs up while bob’s phone rings: bob’s history shows the missed call as the voicemail server was told it', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob', onLab());
  const alice = await phoneFor('alice', onLab());
  const before = um.notifications.received.length;

  await alice.dial('bob', { subject: 'Budget <b>now</b>', priority: 'Urgent' });
  await expect(bob.incoming()).toBeVisible();
  await alice.active().getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.incoming()).toHaveCount(0);

  // The proxy reported it (3.2.4.1, CallerReleased) and the UM accepted it as schema-valid.
  const got = await um.notifications.waitFor(
    (n) => um.notifications.received.indexOf(n) >= before && n.notification.event.type === 'missed',
  );
  expect(got.notification).toMatchObject({
    user: 'sip:bob@umphone.test',
    // 2.2.3.2: the INVITE's From, display name included.
    event: {
      missedReason: 'CallerReleased',
      from: '"Alice Example" <sip:alice@umphone.test>',
      priority: 'urgent',
    },
  });
  expect(um.notifications.rejected).toEqual([]);

  // bob's phone saw the call ring and end; the report is attached to that same entry.
  const entries = historyOf(bob);
  await expect(entries).toHaveCount(1);
  const missed = entries.first();
  await expect(missed.getByTestId('history-report')).toHaveText(
    'Reported by the voicemail server: The caller hung up before anyone answered',
  );
  await expect(missed).toContainText('Missed');
  await expect(missed).toContainText('Alice Example');
  await expect(missed.getByTestId('history-subject')).toHaveText('Budget <b>now</b>');
  await expect(missed.getByTestId('history-urgent')).toBeVisible();
});

test('a call bob missed while signed out appears in his history when he signs in: caller, time, Subject, Priority, reason', async ({
  phoneFor,
}) => {
  const alice = await phoneFor('alice', onLab());
  const before = um.notifications.received.length;
  const calledAt = Date.now();

  // bob has no registration: the proxy answers 480 and reports a missed call (3.2.4.1, Declined).
  await alice.dial('bob', { subject: 'Call me back', priority: 'Urgent' });
  await expect(alice.ended()).toContainText('480');
  const got = await um.notifications.waitFor(
    (n) => um.notifications.received.indexOf(n) >= before && n.notification.event.subject === 'Call me back',
  );
  expect(got.notification.event).toMatchObject({ type: 'missed', missedReason: 'Declined' });

  // A browser bob has never used: nothing in its history but what the server reported, one entry
  // per call (this one, and the one of the test before).
  const reportedCalls = new Set(
    um.notifications.received
      .filter((n) => n.notification.user === 'sip:bob@umphone.test')
      .map((n) => n.notification.event.callId),
  ).size;
  const bob = await phoneFor('bob', onLab());
  const entries = historyOf(bob);
  await expect(entries).toHaveCount(reportedCalls);
  const missed = entries.filter({ hasText: 'Call me back' });
  await expect(missed).toHaveCount(1);
  // The newest call comes first.
  await expect(entries.first()).toContainText('Call me back');
  await expect(missed).toContainText('Missed');
  // Who called, by name (the From display name the proxy passed on) and address.
  await expect(missed).toContainText('Alice Example');
  await expect(missed).toContainText('sip:alice@umphone.test');
  await expect(missed.getByTestId('history-subject')).toHaveText('Call me back');
  await expect(missed.getByTestId('history-urgent')).toBeVisible();
  await expect(missed.getByTestId('history-report')).toHaveText(
    'Reported by the voicemail server: Nobody could take the call',
  );
  // The time is the proxy's report of this call (MS-EUMR 2.2.3 Time, to the second).
  const when = Date.parse((await missed.locator('time').getAttribute('datetime')) ?? '');
  expect(Math.abs(when - calledAt)).toBeLessThan(60_000);

  // It stays one entry: the next fetch (after a reload and sign-in) does not add it again.
  await bob.page.reload();
  const bobUser = lab.users.find((u) => u.name === 'bob')!;
  const fetched = bob.page.waitForResponse(
    (r) => r.url().endsWith('/um/notifications') && r.status() === 200,
  );
  await bob.signIn({ ...onLab(), aor: `sip:bob@${lab.config.domain}`, password: bobUser.password });
  await bob.expectRegistered();
  await fetched;
  await expect(missed.getByTestId('history-report')).toBeVisible();
  await expect(entries).toHaveCount(reportedCalls);
});

test('bob forwards his calls to carol, carol answers: bob’s history says it was answered elsewhere, and by whom', async ({
  phoneFor,
}) => {
  await lab.setCallForwarding('bob', 'carol');
  try {
    const carol = await phoneFor('carol', onLab());
    const alice = await phoneFor('alice', onLab());
    const before = um.notifications.received.length;

    await alice.dial('bob', { subject: 'Forwarded budget' });
    await carol.incoming().getByRole('button', { name: 'Answer' }).click();
    await expect(carol.active()).toHaveAttribute('data-state', 'connected');
    await alice.active().getByRole('button', { name: 'Hang up' }).click();

    // 3.2.4.2: the proxy reported the call to bob's voicemail server as answered by carol.
    const got = await um.notifications.waitFor(
      (n) => um.notifications.received.indexOf(n) >= before && n.notification.event.type === 'answered',
    );
    expect(got.notification.event).toMatchObject({
      target: 'sip:carol@umphone.test',
      targetClass: 'primary',
      subject: 'Forwarded budget',
    });

    // bob signs in afterwards: the call is in his history, not as missed but as answered elsewhere.
    const bob = await phoneFor('bob', onLab());
    const entry = historyOf(bob).filter({ hasText: 'Forwarded budget' });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('Answered elsewhere');
    await expect(entry).not.toContainText('Missed');
    await expect(entry.getByTestId('history-report')).toHaveText(
      `Reported by the voicemail server: Forwarded to sip:carol@umphone.test and answered there`,
    );
  } finally {
    await lab.setCallForwarding('bob', null);
  }
});

test('bob is signed in while his forwarded call is answered elsewhere: coming back to the tab brings it into his history', async ({
  phoneFor,
}) => {
  const bob = await phoneFor('bob', onLab());
  const carol = await phoneFor('carol', onLab());
  const alice = await phoneFor('alice', onLab());
  await lab.setCallForwarding('bob', 'carol');
  try {
    const before = um.notifications.received.length;
    await alice.dial('bob', { subject: 'While you were away' });
    await carol.incoming().getByRole('button', { name: 'Answer' }).click();
    await alice.active().getByRole('button', { name: 'Hang up' }).click();
    await um.notifications.waitFor(
      (n) => um.notifications.received.indexOf(n) >= before && n.notification.event.type === 'answered',
    );
    // bob's phone never rang, so it has no reason to ask yet (its next poll is minutes away).
    const entry = historyOf(bob).filter({ hasText: 'While you were away' });
    await expect(entry).toHaveCount(0);

    // bob switches back to the phone's tab.
    await bob.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('Answered elsewhere');
  } finally {
    await lab.setCallForwarding('bob', null);
  }
});
