import { test, expect } from '../support/fixtures';
import { E2E_LAB } from '../support/e2e-config';
import { e2eWsClient } from '../support/e2e-ws-client';
import { buildMessage, headerUri, newBranch, randomToken, splitHeaderList } from '../support/sip-message';
import { VALID_SDP } from '../support/fake-proxy';
import type { RunningLab } from '../../lab/lab';
import { eumrPorts, startEumrLab, wsUser } from '../support/eumr-lab';
import { expectForwardedReferInCarolsName } from '../support/forwarded-refer';

/**
 * Attacks on transfer (issue 18, kamailio.cfg route[REFER_RECORD], route[REFERRAL]).
 *
 * The proxy records "bob referred alice to carol" from the dialog's authenticated ends, and the
 * side a REFER comes from was read from its From-tag alone. The From-tag is text the sender
 * writes: alice, the caller, could send a REFER spelled as if from bob (From-tag = bob's tag,
 * To-tag = hers) addressed to her own connection (the caller's recorded end, so the relay check
 * passed). The proxy then recorded a referral by bob that bob never made: alice's next INVITE to
 * carol carried the proxy's own `Referred-By: <sip:bob@…>` and was allowed a Replaces, which the
 * phone's replacementAllowed (src/protocol/transfer.ts) believes, so alice could take over any
 * call of carol's with bob whose dialog identifiers she learns. Now the REFER must come from the
 * recorded end of the side it claims (route[DLG_PEER]); anything else is refused (481 from
 * route[DLG_SENDER], which checks every in-dialog request so; route[REFER_RECORD] would say 403).
 */

const DOMAIN = E2E_LAB.domain;

test('a caller cannot make the proxy record a referral by the callee (REFER spelled from the other side)', async ({
  users,
}) => {
  const alice = await e2eWsClient(users.alice!);
  const bob = await e2eWsClient(users.bob!);
  const carol = await e2eWsClient(users.carol!);
  try {
    const call = alice.invite({ uri: bob.aor, body: VALID_SDP });
    const atBob = await bob.waitForRequest((r) => r.method === 'INVITE' && r.callId === call.callId);
    const bobTag = bob.respond(atBob, 200, 'OK', { body: VALID_SDP });
    await call.waitForFinal();
    await bob.waitForRequest((r) => r.method === 'ACK' && r.callId === call.callId);

    // What alice knows as the caller: the Call-ID, both tags, her own Contact (with the ;alias=
    // the proxy wrote, which is her own connection's address) and the Record-Route.
    const referAs = (fromTag: string, toTag: string, uri: string, marker: string) =>
      buildMessage(`REFER ${uri} SIP/2.0`, [
        `Via: SIP/2.0/WS ${randomToken(6)}.invalid;branch=${newBranch()}`,
        'Max-Forwards: 70',
        ...splitHeaderList(atBob.getHeaders('record-route')).map((r) => `Route: ${r}`),
        `From: <${bob.aor}>;tag=${fromTag}`,
        `To: <${alice.aor}>;tag=${toTag}`,
        `Call-ID: ${call.callId}`,
        `CSeq: ${Math.floor(Math.random() * 10000) + 100} REFER`,
        `Contact: ${bob.contact}`,
        `Refer-To: <${carol.aor}>`,
        `Referred-By: <${bob.aor}>`,
        `X-Marker: ${marker}`,
      ]);
    const aliceContact = headerUri(atBob.getHeader('contact') ?? '');

    // Control: bob's own REFER to alice, sent the same way, is relayed with the proxy's
    // Referred-By naming bob (so the probe below reaches the check, not a typo).
    const real = `real-${randomToken(6)}`;
    bob.sendRaw(referAs(bobTag, atBob.fromTag ?? '', aliceContact, real));
    const relayed = await alice.waitForRequest(
      (r) => r.method === 'REFER' && r.getHeader('x-marker') === real,
    );
    expect(relayed.getHeaders('referred-by')).toEqual([`<sip:bob@${DOMAIN}>`]);
    alice.respond(relayed, 603, 'Declined');
    // That real referral lets alice call carol as referred by bob once: use it up.
    const used = alice.invite({ uri: carol.aor, body: VALID_SDP });
    const usedAtCarol = await carol.waitForRequest((r) => r.method === 'INVITE' && r.callId === used.callId);
    expect(usedAtCarol.getHeaders('referred-by')).toEqual([`<sip:bob@${DOMAIN}>`]);
    carol.respond(usedAtCarol, 486, 'Busy Here');
    expect((await used.waitForFinal()).status).toBe(486);

    // The attack: the same REFER, sent by alice over her own connection.
    const forged = `forged-${randomToken(6)}`;
    alice.sendRaw(referAs(bobTag, atBob.fromTag ?? '', aliceContact, forged));
    const answer = await alice.responses.wait(
      (r) => r.cseq.method === 'REFER' && r.status >= 200,
      // longer than the proxy's fr_timer (5 s): a relayed REFER nobody answers ends in 408
      8000,
      'the proxy’s answer to the forged REFER',
    );
    // 481: a request of the dialog that does not come from its sender's recorded end is refused
    // before anything reads it (route[DLG_SENDER]); route[REFER_RECORD]'s own 403 for it stays
    // behind that.
    expect(answer.status).toBe(481);
    expect(alice.requests.items.some((r) => r.getHeader('x-marker') === forged)).toBe(false);

    // And no referral by bob was recorded: alice's INVITE to carol with Replaces is refused by
    // the proxy, as for any INVITE with Replaces that no relayed REFER asked for.
    const takeover = alice.invite({
      uri: carol.aor,
      body: VALID_SDP,
      headers: [`Replaces: ${randomToken(10)};to-tag=${randomToken()};from-tag=${randomToken()}`],
    });
    expect((await takeover.waitForFinal()).status).toBe(403);

    // Bob (a raw client, which answers nothing by itself) answers alice's hang-up. Unanswered,
    // the proxy's 408 after fr_timer (5 s) would race bye()'s own 5 s wait.
    const bye = call.bye();
    bob.respond(await bob.waitForRequest((r) => r.method === 'BYE' && r.callId === call.callId), 200, 'OK');
    expect((await bye).status).toBe(200);
  } finally {
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  }
});

/**
 * Forwarding: bob forwards his calls to carol, so carol answers alice's call to bob. The dialog's
 * callee user was recorded as the called user (bob) before route[FORWARD] retargeted the INVITE,
 * so carol's REFER was relayed with the proxy's `Referred-By: <sip:bob@…>`: carol could refer
 * (and allow Replaces) in bob's name, and (route[DLG_TARGET_REFRESH]) bob, who is not in the
 * call, counted as the user who may move its callee end. Now the callee user is the one the call
 * was forwarded to.
 */
test.describe('a forwarded call', () => {
  const OFFSET = 1000; // ports 29066…, apart from every other lab
  let lab: RunningLab;
  test.beforeAll(async () => {
    lab = await startEumrLab('attack-transfer', OFFSET, { callForwarding: { bob: 'carol' } });
    expect(lab.config.wsPort).toBe(eumrPorts(OFFSET).wsPort);
  });
  test.afterAll(async () => {
    await lab?.stop();
  });

  test('the forwarding target refers in its own name, not the forwarding user’s', async () => {
    const alice = await wsUser(lab, 'alice');
    const bob = await wsUser(lab, 'bob');
    const carol = await wsUser(lab, 'carol');
    try {
      await expectForwardedReferInCarolsName(alice, carol, bob.aor, DOMAIN);
    } finally {
      await Promise.all([alice.close(), bob.close(), carol.close()]);
    }
  });
});
