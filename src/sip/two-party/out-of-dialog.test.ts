/**
 * OPTIONS and MESSAGE from outside a dialog, as a prober sees them on the wire: Appear Offline
 * answers them as it answers a call (480), so they cannot tell hiding from signed out; a MESSAGE
 * the phone cannot show is refused (405), never accepted and dropped.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeProxy } from '../testing/fake-proxy';
import { connectCall, makePhone, settle, signIn, until } from '../testing/phones';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A request from bob to alice outside any dialog, as the proxy relays it. */
function probe(method: string, branch: string, extra: string[] = [], body = ''): string {
  return `${[
    `${method} sip:alice@umphone.test SIP/2.0`,
    `Via: SIP/2.0/WSS proxy.invalid;branch=z9hG4bK${branch}`,
    'Max-Forwards: 69',
    'From: <sip:bob@umphone.test>;tag=b1',
    'To: <sip:alice@umphone.test>',
    `Call-ID: probe-${branch}`,
    `CSeq: 1 ${method}`,
    ...extra,
    `Content-Length: ${Buffer.byteLength(body)}`,
  ].join('\r\n')}\r\n\r\n${body}`;
}

async function answersTo(presence: 'offline' | 'available' | 'dnd') {
  const proxy = new FakeProxy();
  const alice = makePhone(proxy, 'alice', {}, presence);
  await signIn(alice);
  proxy.inject('alice', probe('OPTIONS', 'opt1'));
  proxy.inject('alice', probe('MESSAGE', 'msg1', ['Content-Type: text/plain'], 'are you there?'));
  proxy.inject('alice', probe('INVITE', 'inv1', ['Contact: <sip:bob@192.0.2.2>']));
  await settle();
  const finalTo = (method: string) =>
    proxy
      .sentBy('alice')
      .find((m) => m.isResponse && (m.status ?? 0) >= 200 && m.header('cseq') === `1 ${method}`);
  const answers = {
    options: finalTo('OPTIONS'),
    message: finalTo('MESSAGE'),
    invite: finalTo('INVITE'),
  };
  alice.client.dispose();
  return answers;
}

/** The methods an answer's Allow lists. */
const allowed = (answer: { header(name: string): string | undefined } | undefined) =>
  (answer?.header('allow') ?? '').split(/\s*,\s*/);
const PHONE_TAKES = ['ACK', 'BYE', 'CANCEL', 'INFO', 'INVITE', 'NOTIFY', 'OPTIONS', 'PRACK', 'REFER'];

describe('requests outside a dialog', () => {
  it('Appear Offline: OPTIONS and MESSAGE get the 480 a call gets', async () => {
    const { options, message, invite } = await answersTo('offline');
    expect(invite?.status).toBe(480);
    expect(options?.status).toBe(480);
    expect(message?.status).toBe(480);
  });

  it('Do Not Disturb: both get the 486 a call gets', async () => {
    const { options, message, invite } = await answersTo('dnd');
    expect(invite?.status).toBe(486);
    expect(options?.status).toBe(486);
    expect(message?.status).toBe(486);
  });

  it('available: OPTIONS 200 and MESSAGE 405, both with an Allow that leaves MESSAGE out', async () => {
    const { options, message } = await answersTo('available');
    expect(options?.status).toBe(200);
    expect(allowed(options)).toEqual(PHONE_TAKES);
    expect(message?.status).toBe(405);
    expect(allowed(message)).toEqual(PHONE_TAKES);
  });
});

describe('a MESSAGE inside a call', () => {
  it('is refused with 405, not accepted and dropped', async () => {
    const proxy = new FakeProxy();
    const alice = makePhone(proxy, 'alice');
    const bob = makePhone(proxy, 'bob');
    await signIn(alice);
    await signIn(bob);
    await connectCall(alice, bob);
    // The dialog as the wire shows it: alice's INVITE and bob's 200.
    const invite = proxy.sentBy('alice', 'INVITE')[0]!;
    const ok = proxy.sentBy('bob').find((m) => m.isResponse && m.status === 200 && m.method === 'INVITE')!;
    const tag = (value: string | undefined) => /;tag=([^;>\s]+)/.exec(value ?? '')?.[1] ?? '';
    const contact = /<([^>]+)>/.exec(invite.header('contact') ?? '')?.[1] ?? '';
    const body = 'are you there?';
    proxy.inject(
      'alice',
      `${[
        `MESSAGE ${contact} SIP/2.0`,
        'Via: SIP/2.0/WSS proxy.invalid;branch=z9hG4bKindialogmsg',
        'Max-Forwards: 69',
        `From: <sip:bob@umphone.test>;tag=${tag(ok.header('to'))}`,
        `To: <sip:alice@umphone.test>;tag=${tag(invite.header('from'))}`,
        `Call-ID: ${invite.callId}`,
        'CSeq: 9 MESSAGE',
        'Content-Type: text/plain',
        `Content-Length: ${body.length}`,
      ].join('\r\n')}\r\n\r\n${body}`,
    );
    const answer = () =>
      proxy
        .sentBy('alice')
        .find((m) => m.isResponse && m.header('cseq') === '9 MESSAGE' && (m.status ?? 0) >= 200);
    await until(() => answer() !== undefined, 'alice answered the MESSAGE');
    expect(answer()!.status).toBe(405);
    expect(allowed(answer())).toEqual(PHONE_TAKES);
    alice.client.dispose();
    bob.client.dispose();
  });
});
