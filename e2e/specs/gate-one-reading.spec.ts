import { test, expect } from '../support/fixtures';
import { FakeProxy, VALID_SDP } from '../support/fake-proxy';
import { buildMessage, newBranch } from '../support/sip-message';

/**
 * Messages that SIP.js 0.21 reads differently from the RFC (and from the phone's own reader),
 * sent through the real path in the browser: the WebSocket, the message gate, SIP.js. Each gets
 * one reading and an answer, never silence, a wrong transaction or a page error.
 */
test('the gate gives SIP.js one reading of what it would misread: Call_ID, a merged Via, a bad CSeq, no branch, two Refer-To', async ({
  phoneFor,
}) => {
  const proxy = await FakeProxy.start();
  try {
    const bob = await phoneFor('bob', { serverUrl: proxy.url });
    const invite = (headers: string[], extra: string[] = []) =>
      buildMessage(
        `INVITE ${proxy.contact} SIP/2.0`,
        [
          ...headers,
          'Contact: <sip:carol@fake-proxy.invalid;transport=ws>',
          'Content-Type: application/sdp',
          ...extra,
        ],
        VALID_SDP,
      );

    await test.step('Call_ID', async () => {
      // 1. `Call_ID`: SIP.js files it under Call-ID but leaves the call without one, and threw
      //    delivering it (no answer at all). Read as Call-ID, it is an ordinary call.
      const underscore = proxy.requestHeaders('INVITE');
      proxy.send(
        invite(
          underscore.headers.map((h) => h.replace(/^Call-ID:/, 'Call_ID:')),
          ['Subject: underscore'],
        ),
      );
      expect((await proxy.responseTo(underscore.callId, (r) => r.status === 180)).status).toBe(180);
      await expect(bob.incoming().getByTestId('call-subject')).toHaveText('underscore');
      proxy.cancel({ callId: underscore.callId, branch: underscore.branch, raw: invite(underscore.headers) });
      expect((await proxy.responseTo(underscore.callId, (r) => r.status >= 400)).status).toBe(487);
      await expect(bob.incoming()).toHaveCount(0);
    });

    await test.step('a merged Via', async () => {
      // 2. Two Vias on one line (RFC 3261 §7.3.1 allows it): SIP.js took the last as the top one and
      //    keyed the call by the caller's branch, so the proxy's CANCEL (its own, top branch: §9.1)
      //    matched nothing (481) and the phone rang on after the caller hung up.
      const merged = proxy.requestHeaders('INVITE');
      const top = merged.headers[0]!.replace(/^Via: /, '');
      const mergedHeaders = merged.headers.map((h, i) =>
        i === 0 ? `Via: ${top}, SIP/2.0/WS caller.invalid;branch=${newBranch()}` : h,
      );
      proxy.send(invite(mergedHeaders, ['Subject: merged Via']));
      await proxy.responseTo(merged.callId, (r) => r.status === 180);
      await expect(bob.incoming().getByTestId('call-subject')).toHaveText('merged Via');
      const from = mergedHeaders.find((h) => h.startsWith('From:'))!;
      const cseq = /CSeq: (\d+)/.exec(mergedHeaders.join('\n'))![1];
      proxy.send(
        buildMessage(`CANCEL ${proxy.contact} SIP/2.0`, [
          `Via: ${top}`,
          'Max-Forwards: 70',
          from,
          'To: <sip:bob@umphone.test>',
          `Call-ID: ${merged.callId}`,
          `CSeq: ${cseq} CANCEL`,
        ]),
      );
      expect((await proxy.responseTo(merged.callId, (r) => r.status >= 400)).status).toBe(487);
      await expect(bob.incoming()).toHaveCount(0);
    });

    await test.step('a response without a CSeq method', async () => {
      // 3. A response whose CSeq has no method: SIP.js's parser threw on it (a page error). Refused
      //    (nobody to answer); the OPTIONS after it is answered, so it was read first.
      const stray = proxy.requestHeaders('INVITE');
      proxy.send(
        buildMessage('SIP/2.0 200 OK', [
          'Via: SIP/2.0/WSS nowhere.invalid;branch=z9hG4bKstray',
          ...stray.headers.slice(2).map((h) => (h.startsWith('CSeq:') ? 'CSeq: 1' : h)),
        ]),
      );
      expect((await proxy.options()).status).toBe(200);
      // A page error from it would reach the test before this round trip to the page returns.
      await bob.page.evaluate(() => undefined);
      expect(bob.pageErrors).toEqual([]);
    });

    await test.step('a branchless INVITE', async () => {
      // 4. An INVITE without an RFC 3261 branch: SIP.js keys every such request under one
      //    transaction (`undefined`), so a second one went unanswered. Refused, with the reason.
      const branchless = proxy.requestHeaders('INVITE');
      proxy.send(
        invite(
          branchless.headers.map((h) => h.replace(/;branch=[^;]*/, '')),
          ['Subject: branchless'],
        ),
      );
      const refused = await proxy.responseTo(branchless.callId);
      expect(refused.status).toBe(400);
      expect(refused.reason).toBe('Ambiguous message: Via branch without the RFC 3261 magic cookie');
    });

    await test.step('two Refer-To', async () => {
      // 5. Two Refer-To (RFC 3515 §2.1 allows one): SIP.js kept the last; refused.
      const refer = proxy.requestHeaders('REFER');
      proxy.send(
        buildMessage(`REFER ${proxy.contact} SIP/2.0`, [
          ...refer.headers,
          'Contact: <sip:carol@fake-proxy.invalid;transport=ws>',
          'Refer-To: <sip:alice@umphone.test>',
          'r: <sip:mallory@evil.invalid>',
        ]),
      );
      const twice = await proxy.responseTo(refer.callId);
      expect(twice.status).toBe(400);
      expect(twice.reason).toBe('Ambiguous message: duplicate Refer-To');
    });

    // Whatever came before, the ordinary path still works: a call rings.
    const call = proxy.invite({ extra: ['Subject: still ringing'] });
    await expect(bob.incoming().getByTestId('call-subject')).toHaveText('still ringing');
    proxy.cancel(call);
    expect((await proxy.responseTo(call.callId, (r) => r.status >= 400)).status).toBe(487);
    expect(bob.pageErrors).toEqual([]);
  } finally {
    await proxy.close();
  }
});
