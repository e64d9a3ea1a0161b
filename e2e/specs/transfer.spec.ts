import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '../support/fixtures';
import { E2E_LAB, E2E_WS_URL } from '../support/e2e-config';
import { startSharedLabUm } from '../support/eumr-lab';
import { SipWsClient } from '../support/sip-ws-client';
import { Baresip, makeSpeechWav } from '../support/baresip';
import { mulawRms } from '../../lab/um/media/audio';
import type { PhonePage } from '../support/phone-page';
import { expectAccessible } from '../support/accessibility';
import { connectCall } from '../support/connect-call';

/**
 * Transfer (issue 18) in the real lab: blind transfer of a call into someone's voicemail (REFER,
 * RFC 3515, to `;opaque=app:voicemail`) and attended transfer (REFER with Replaces, RFC 3891),
 * with browser phones on both sides (src/sip/calls/transfer.ts, replaces.ts), and the proxy's
 * rules for them (kamailio.cfg route[REFERRAL], route[REFER_RECORD]): REFER only inside a
 * dialog, Referred-By only as the proxy saw the referral, Replaces only after one.
 */
const DOMAIN = E2E_LAB.domain;

/** alice calls carol and carol answers: alice's active card, connected. */
async function aliceTalksToCarol(alice: PhonePage, carol: PhonePage) {
  await connectCall(alice, carol, 'carol');
}

test('alice blind-transfers carol to bob’s voicemail: carol’s message lands in bob’s mailbox, from carol', async ({
  phoneFor,
}) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'um-transfer-'));
  const um = await startSharedLabUm(dataDir);
  try {
    const alice = await phoneFor('alice');
    const carol = await phoneFor('carol');
    await aliceTalksToCarol(alice, carol);

    const from = um.callLog.entries.length;
    const card = alice.active();
    await card.getByRole('button', { name: 'Transfer', exact: true }).click();
    const form = card.getByRole('group', { name: `Transfer sip:carol@${DOMAIN}` });
    await form.getByLabel('Transfer to').fill('bob');
    await expectAccessible(alice.page, 'transfer form');
    await form.getByRole('button', { name: 'To their voicemail' }).click();

    // carol's phone follows the REFER: a new call into bob's mailbox; alice's call ends.
    const deposit = (ready: (e: (typeof um.callLog.entries)[number]) => boolean) =>
      um.callLog.waitFor(
        (e) =>
          um.callLog.entries.indexOf(e) >= from && e.kind === 'deposit' && e.mailbox === 'bob' && ready(e),
        20_000,
      );
    await deposit((e) => e.prompts.includes('beep'));
    await expect(alice.active()).toHaveCount(0);
    await expect(alice.ended()).toContainText('Transferred');
    await expect(carol.active()).toHaveAttribute('data-state', 'connected');
    await carol.page.waitForTimeout(3000);
    await carol.active().getByRole('button', { name: 'Hang up' }).click();
    const saved = await deposit((e) => e.outcome === 'message-saved');
    expect(saved.caller).toBe(`sip:carol@${DOMAIN}`);
    const message = um
      .mailbox('bob')
      .messages()
      .find((m) => m.id === saved.messageId);
    expect(message).toMatchObject({ caller: `sip:carol@${DOMAIN}`, callerName: 'Carol Example' });
  } finally {
    await um.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a transferred call says who transferred it: on bob’s ringing card, the cards, and the history', async ({
  phoneFor,
}) => {
  const alice = await phoneFor('alice');
  const carol = await phoneFor('carol');
  const bob = await phoneFor('bob');
  // bob knows alice by name from a call of hers he declined (her display name).
  await alice.dial('bob');
  await bob.incoming().getByRole('button', { name: 'Decline' }).click();
  await expect(alice.active()).toHaveCount(0);
  await aliceTalksToCarol(alice, carol);

  const card = alice.active();
  await card.getByRole('button', { name: 'Transfer', exact: true }).click();
  const form = card.getByRole('group', { name: `Transfer sip:carol@${DOMAIN}` });
  await form.getByLabel('Transfer to').fill('bob');
  await form.getByRole('button', { name: 'Transfer now' }).click();

  // carol's phone calls bob; the proxy writes Referred-By: alice (route[REFER_RECORD]).
  const ringing = bob.incoming();
  await expect(ringing.getByTestId('caller-name')).toHaveText('Carol Example');
  await expect(ringing.getByTestId('transferred-by')).toHaveText('Transferred by Alice Example');
  await expectAccessible(bob.page, 'ringing card of a transferred call');
  // carol's own new call, which alice's transfer made, says so too.
  await expect(carol.page.getByTestId('transferred-by')).toHaveText('Transferred by Alice Example');
  await ringing.getByRole('button', { name: 'Answer' }).click();
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  await expect(bob.active().getByTestId('transferred-by')).toHaveText('Transferred by Alice Example');
  await expect(alice.active()).toHaveCount(0);
  await bob.active().getByRole('button', { name: 'Hang up' }).click();
  const entry = bob.page.getByTestId('history-entry').first();
  await expect(entry).toContainText('Carol Example');
  await expect(entry.getByTestId('history-transferred-by')).toHaveText('Transferred by Alice Example');
  // The call bob declined before was not transferred: no such line.
  await expect(bob.page.getByTestId('history-transferred-by')).toHaveCount(1);
});

test('baresip as the transferee: alice blind-transfers carol (baresip, plain RTP) to bob’s voicemail; carol’s voice lands there', async ({
  phoneFor,
  users,
}) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'um-transfer-baresip-'));
  const um = await startSharedLabUm(dataDir);
  const carolUser = users.carol!;
  const carol = await Baresip.start({
    user: carolUser.name,
    password: carolUser.password,
    displayName: carolUser.displayName,
    domain: DOMAIN,
    proxyHost: '127.0.0.1',
    proxyPort: E2E_LAB.tcpPort,
    transport: 'udp',
    micWav: makeSpeechWav(
      path.resolve('lab/run'),
      'baresip-carol-transfer-mic',
      'Hello Bob, this is Carol. Alice passed me to your voice mail about the delivery on Tuesday.',
    ),
  });
  try {
    const alice = await phoneFor('alice');
    const mark = carol.mark();
    await alice.dial('carol');
    await carol.waitFor('CALL_INCOMING', mark);
    await carol.accept();
    await expect(alice.active()).toHaveAttribute('data-state', 'connected');
    await carol.waitFor('CALL_ESTABLISHED', mark);

    const from = um.callLog.entries.length;
    const card = alice.active();
    await card.getByRole('button', { name: 'Transfer', exact: true }).click();
    await card.getByLabel('Transfer to').fill('bob');
    await card.getByRole('button', { name: 'To their voicemail' }).click();

    // baresip follows the REFER (its menu module) with a new call to bob's mailbox.
    await um.callLog.waitFor(
      (e) =>
        um.callLog.entries.indexOf(e) >= from &&
        e.kind === 'deposit' &&
        e.mailbox === 'bob' &&
        e.prompts.includes('beep'),
      20_000,
    );
    await expect(alice.active()).toHaveCount(0);
    const atBeep = carol.sentSeconds();
    await expect.poll(() => carol.sentSeconds() - atBeep, { timeout: 15_000 }).toBeGreaterThan(3);
    await carol.hangup();
    const saved = await um.callLog.waitFor(
      (e) => um.callLog.entries.indexOf(e) >= from && e.kind === 'deposit' && e.outcome === 'message-saved',
      15_000,
    );
    expect(saved).toMatchObject({ mailbox: 'bob', caller: `sip:carol@${DOMAIN}` });
    expect(mulawRms(await um.mailbox('bob').audio(saved.messageId!))).toBeGreaterThan(0.01);
  } finally {
    await carol.stop();
    await um.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('attended transfer: alice consults bob, then connects him to carol; carol and bob talk, alice is out', async ({
  phoneFor,
}) => {
  const alice = await phoneFor('alice');
  const carol = await phoneFor('carol');
  const bob = await phoneFor('bob');
  await aliceTalksToCarol(alice, carol);

  // The consultation: calling bob puts carol on hold (call waiting).
  await alice.page.getByLabel('Number or SIP address').fill('bob');
  await alice.page.getByRole('button', { name: 'Call', exact: true }).click();
  await bob.incoming().getByRole('button', { name: 'Answer' }).click();
  const bobCard = alice.active().filter({ hasText: `bob@${DOMAIN}` });
  await expect(bobCard).toHaveAttribute('data-state', 'connected');
  await expect(carol.active()).toHaveAttribute('data-state', 'connected');

  // From here on, carol's page notes any ringing card (the replacing call must not ring).
  await carol.page.evaluate(() => {
    const w = window as unknown as { rang: boolean };
    w.rang = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="incoming-call"]')) w.rang = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await bobCard.getByRole('button', { name: 'Transfer', exact: true }).click();
  await bobCard.getByRole('button', { name: `Connect to sip:carol@${DOMAIN}` }).click();

  // bob's phone follows the REFER with an INVITE to carol carrying Replaces (alice's call with
  // carol); carol's phone lets it take that call over, connected at once; alice is out.
  await expect(alice.active()).toHaveCount(0);
  await expect(alice.page.getByTestId('held-call')).toHaveCount(0);
  await expect(bob.active()).toHaveCount(1);
  await expect(bob.active()).toHaveAttribute('data-state', 'connected');
  await expect(bob.active()).toContainText(/carol/i);
  await expect(carol.active()).toHaveCount(1);
  await expect(carol.active()).toHaveAttribute('data-state', 'connected');
  await expect(carol.active()).toContainText(/bob/i);
  expect(await carol.page.evaluate(() => (window as unknown as { rang: boolean }).rang)).toBe(false);
  // Real audio between the two who were never in a call together.
  await bob.expectAudioBothWays();
  await carol.expectAudioBothWays();
});

test('the proxy: no REFER outside a dialog, no Replaces without a referral, and no Referred-By a client wrote', async ({
  users,
  umPeer,
}) => {
  const carol = await SipWsClient.connect({
    url: E2E_WS_URL,
    user: 'carol',
    password: users.carol!.password,
    domain: DOMAIN,
  });
  try {
    expect((await carol.register()).final.status).toBe(200);
    const refer = await carol.request('REFER', {
      uri: `sip:bob@${DOMAIN}`,
      headers: [`Refer-To: <sip:carol@${DOMAIN}>`],
    });
    expect(refer.final.status).toBe(403);

    const hijack = carol.invite({
      uri: `sip:alice@${DOMAIN}`,
      headers: ['Replaces: abc@x;to-tag=1;from-tag=2'],
    });
    expect((await hijack.waitForFinal()).status).toBe(403);

    // carol claims bob referred her to alice's mailbox: the UM sees carol as the caller and no
    // Referred-By at all, since no REFER was relayed.
    const forged = carol.invite({
      uri: `sip:alice@${DOMAIN};opaque=app:voicemail;x=forged-referral`,
      to: `<sip:alice@${DOMAIN}>`,
      headers: [`Referred-By: <sip:bob@${DOMAIN}>`],
    });
    const atUm = await umPeer.waitForRequest(
      (r) => r.method === 'INVITE' && r.uri.endsWith('x=forged-referral'),
    );
    expect(atUm.getHeaders('referred-by')).toEqual([]);
    expect(atUm.getHeaders('p-asserted-identity')).toEqual([`<sip:carol@${DOMAIN}>`]);
    await forged.waitForFinal();
  } finally {
    await carol.close();
  }
});
