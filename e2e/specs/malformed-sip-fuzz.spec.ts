import { test, expect } from '../support/fixtures';
import { FakeProxy } from '../support/fake-proxy';
import { generatedCases, handWrittenCases } from '../support/hostile-sip';

const BATCH = 60;

test('bob survives 300+ malformed INVITEs and NOTIFYs from his proxy: still registered, answers OPTIONS, rings', async ({
  phoneFor,
}) => {
  test.setTimeout(120_000);
  const proxy = await FakeProxy.start();
  let sent = 0;
  let survived = 0;
  try {
    const bob = await phoneFor('bob', { serverUrl: proxy.url });
    const target = { contact: proxy.contact, aor: 'sip:bob@umphone.test' };
    const hand = handWrittenCases(target);
    const cases = [...hand, ...generatedCases(target, Math.max(150, 320 - hand.length))];
    expect(cases.length).toBeGreaterThanOrEqual(300);

    for (let i = 0; i < cases.length; i += BATCH) {
      const batch = cases.slice(i, i + BATCH);
      const seen = proxy.fromPhone.items.length;
      for (const c of batch) proxy.send(c.data);
      sent += batch.length;

      // One WebSocket, in order: once the phone answers this OPTIONS it has dealt with the whole batch.
      const settled = await proxy.options(20_000).catch(async (e: unknown) => {
        const status = await bob.registration().textContent();
        const detail = await bob.page
          .getByTestId('registration-status-detail')
          .textContent()
          .catch(() => '');
        throw new Error(
          `${String(e)}; phone says ${status} (${detail}); REGISTERs ${proxy.registerCount}; closes ${proxy.closes.join(',')}`,
        );
      });
      expect(settled.status).toBe(200);
      // Whatever in the batch was valid enough to ring is cancelled, as a caller hanging up would.
      for (const m of proxy.fromPhone.items.slice(seen)) {
        if (m.kind === 'response' && m.status === 180) proxy.cancelFromResponse(m);
      }
      await expect(bob.incoming()).toHaveCount(0);
      await bob.expectRegistered();

      // A valid INVITE still rings, and a CANCEL still stops it.
      const call = proxy.invite({ extra: [`Subject: still ringing after batch ${i / BATCH + 1}`] });
      await proxy.responseTo(call.callId, (r) => r.status === 180);
      await expect(bob.incoming().getByTestId('call-subject')).toHaveText(
        `still ringing after batch ${i / BATCH + 1}`,
      );
      proxy.cancel(call);
      expect((await proxy.responseTo(call.callId, (r) => r.status >= 400)).status).toBe(487);
      await expect(bob.incoming()).toHaveCount(0);

      expect(bob.pageErrors).toEqual([]);
      expect(bob.dialogs).toEqual([]);
      expect(
        await bob.page.evaluate(() => (window as unknown as { __fuzz?: unknown }).__fuzz),
      ).toBeUndefined();
      survived += batch.length;
    }
    expect(proxy.unparsable).toEqual([]);
  } finally {
    console.log(
      `malformed SIP: ${sent} cases sent, ${survived} survived (phone registered, OPTIONS 200, rings)`,
    );
    if (proxy.closes.length) console.log(`WebSocket closes: ${proxy.closes.join(', ')}`);
    await proxy.close();
  }
});
