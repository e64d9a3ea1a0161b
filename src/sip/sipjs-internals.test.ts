/**
 * Pinned to SIP.js 0.21.2: every private member sipjs-internals.ts reaches must still be where it
 * was. An upgrade that moves one fails here, not in a browser.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Core, Publisher, Registerer, Session, UserAgent } from 'sip.js';
import { AllowedMethods } from 'sip.js/lib/core/user-agent-core/allowed-methods.js';
import { FakeTransport, responseTo } from './testing/fake-transport';
import {
  SIPJS_VERSION,
  beforeEachPublish,
  limitAllowedMethods,
  failRequestOnLostConnection,
  onRegisterPendingChange,
  publisherInternals,
  referWithReferTo,
  deliverParsedMessage,
  registerPending,
  takeOverTransportReceive,
  type ParsedMessage,
} from './sipjs-internals';

/** SIP.js 0.21.2's `AllowedMethods` (core/user-agent-core/allowed-methods.js) as shipped. */
const SIPJS_ALLOWED_METHODS = [
  'ACK',
  'BYE',
  'CANCEL',
  'INFO',
  'INVITE',
  'MESSAGE',
  'NOTIFY',
  'OPTIONS',
  'PRACK',
  'REFER',
  'REGISTER',
  'SUBSCRIBE',
];

/** SHA-256 of SIP.js 0.21.2's `UserAgent.prototype.onTransportMessage` source, whitespace folded. */
const ON_TRANSPORT_MESSAGE_SHA256 = '19df6e8e69036a8b6e2f23fd1a5f6855b7ea15006d5eb644edf973c9140b9810';

const uas: UserAgent[] = [];
async function startedUa(): Promise<UserAgent> {
  const ua = new UserAgent({
    uri: UserAgent.makeURI('sip:alice@umphone.test'),
    transportConstructor: FakeTransport,
    logBuiltinEnabled: false,
  });
  uas.push(ua);
  await ua.start();
  return ua;
}
afterEach(() => {
  // Not awaited: stopping unregisters, and nothing answers here.
  for (const ua of uas.splice(0)) void ua.stop().catch(() => undefined);
});

describe('SIP.js internals we rely on', () => {
  it(`the installed sip.js is ${SIPJS_VERSION}`, async () => {
    // node:fs by name: this project's tsconfig carries browser types only.
    const fs = (await import(/* @vite-ignore */ 'node:fs' as string)) as {
      readFileSync(path: URL, encoding: 'utf8'): string;
    };
    const pkg = JSON.parse(
      fs.readFileSync(new URL('../../node_modules/sip.js/package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(pkg.version).toBe(SIPJS_VERSION);
  });

  it('Registerer: private `waiting` flips while a REGISTER is outstanding, `waitingChange` says so', async () => {
    const ua = await startedUa();
    const registerer = new Registerer(ua);
    expect(registerPending(registerer)).toBe(false);
    const changes: boolean[] = [];
    onRegisterPendingChange(registerer, (pending) => changes.push(pending));
    FakeTransport.sent.length = 0;
    void registerer.register().catch(() => undefined);
    expect(registerPending(registerer)).toBe(true);
    expect(changes).toEqual([true]);
    expect(FakeTransport.sent[0]).toMatch(/^REGISTER /);
  });

  it('Publisher: private ETag, expiry and refresh timer fields, and every PUBLISH through `sendPublishRequest`', async () => {
    const ua = await startedUa();
    const publisher = new Publisher(ua, UserAgent.makeURI('sip:alice@umphone.test')!, 'presence', {
      expires: 600,
    });
    const internals = publisherInternals(publisher);
    expect(internals.pubRequestExpires).toBe(600);
    let before = 0;
    beforeEachPublish(publisher, () => before++);
    FakeTransport.sent.length = 0;
    void publisher.publish('<presence/>').catch(() => undefined);
    expect(before).toBe(1);
    const publish = FakeTransport.sent[0]!;
    FakeTransport.last!.receive(responseTo(publish, '200 OK', ['SIP-ETag: etag-7', 'Expires: 600']));
    await Promise.resolve();
    expect(internals.pubRequestEtag).toBe('etag-7');
    expect(internals.publishRefreshTimer).toBeDefined();
    clearTimeout(internals.publishRefreshTimer);
    expect(FakeTransport.sent[0]).toMatch(/^PUBLISH /);
  });

  it('Session: refer() writes a URI target through `referToString` (target.toString()), so referWithReferTo sets the Refer-To', () => {
    const session = Object.create(Session.prototype) as unknown as { referToString(target: unknown): string };
    expect(typeof session.referToString).toBe('function');
    const target = UserAgent.makeURI('sip:bob@umphone.test')!;
    target.toString = () => '<sip:bob@umphone.test;opaque=app:voicemail>';
    expect(session.referToString(target)).toBe('<sip:bob@umphone.test;opaque=app:voicemail>');
    // referWithReferTo hands Session.refer() such a URI (the two-party transfer tests see the wire)
    expect(referWithReferTo).toBeTypeOf('function');
  });

  it('Transport: the UserAgent sets `onMessage` on its transport, and taking it over makes us its only reader', async () => {
    const ua = await startedUa();
    const seen: string[] = [];
    const parsed = vi.spyOn(Core.Parser, 'parseMessage');
    expect(takeOverTransportReceive(ua, (message) => seen.push(message))).toBe(true);
    FakeTransport.last!.receive('OPTIONS sip:alice@umphone.test SIP/2.0\r\n\r\n');
    expect(seen).toHaveLength(1);
    expect(parsed).not.toHaveBeenCalled();
    parsed.mockRestore();
  });

  it('UserAgent: private `onTransportMessage` is the 0.21.2 code deliverParsedMessage ports, check for check', async () => {
    // Any change to what SIP.js does with a parsed message (a new check, another order) changes
    // this digest: read the new onTransportMessage and port it to deliverParsedMessage.
    const source = (UserAgent.prototype as unknown as { onTransportMessage: () => void }).onTransportMessage
      .toString()
      .replace(/\s+/g, ' ');
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(source));
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(hex).toBe(ON_TRANSPORT_MESSAGE_SHA256);
  });

  it('deliverParsedMessage makes the UserAgent checks: our own Via on responses, mandatory headers, loops', async () => {
    const ua = await startedUa();
    const parse = (text: string) => Core.Parser.parseMessage(text, ua.getLogger('test')) as ParsedMessage;
    const via = ua.configuration.viaHost;
    const response = (viaLine: string) =>
      `SIP/2.0 200 OK\r\n${viaLine}\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:a@x>;tag=2\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
    expect(
      deliverParsedMessage(ua, parse(response(`Via: SIP/2.0/WSS other.invalid;branch=z9hG4bK1`))),
    ).toEqual({
      reason: 'response Via sent-by is not ours',
    });
    expect(
      deliverParsedMessage(
        ua,
        parse(response(`Via: SIP/2.0/WSS ${via};branch=z9hG4bK1\r\nVia: SIP/2.0/WSS b;branch=z9hG4bK2`)),
      ),
    ).toEqual({ reason: 'more than one Via in a response' });
    expect(
      deliverParsedMessage(ua, parse(response(`Via: SIP/2.0/WSS ${via};branch=z9hG4bK1`))),
    ).toBeUndefined();
    const request = (callId: string, extra = '') =>
      `OPTIONS sip:alice@umphone.test SIP/2.0\r\nVia: SIP/2.0/WSS p.invalid;branch=z9hG4bK9\r\nMax-Forwards: 70\r\nFrom: <sip:b@x>;tag=1\r\nTo: <sip:alice@umphone.test>\r\nCall-ID: ${callId}\r\n${extra}CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
    expect(deliverParsedMessage(ua, parse(request(`${ua.configuration.sipjsId}-loop`)))).toEqual({
      status: 482,
      reason: 'Loop Detected',
    });
    expect(deliverParsedMessage(ua, parse(request('c2').replace(/CSeq: [^\r]*\r\n/, '')))).toEqual({
      status: 400,
      reason: 'Missing CSeq',
    });
    FakeTransport.sent.length = 0;
    expect(deliverParsedMessage(ua, parse(request('c3')))).toBeUndefined();
    expect(FakeTransport.sent[0]).toMatch(/^SIP\/2\.0 200 /);
    await ua.stop();
    expect(deliverParsedMessage(ua, parse(request('c4')))).toEqual({
      status: 503,
      reason: 'Service Unavailable: not signed in',
    });
  });

  it('AllowedMethods: the core’s list as shipped; once limited, a method left out gets 405 with the list', async () => {
    const shipped = [...AllowedMethods];
    expect(shipped).toEqual(SIPJS_ALLOWED_METHODS);
    try {
      limitAllowedMethods(['ACK', 'BYE', 'INVITE', 'OPTIONS']);
      await startedUa();
      FakeTransport.sent.length = 0;
      FakeTransport.last!.receive(
        'MESSAGE sip:alice@umphone.test SIP/2.0\r\nVia: SIP/2.0/WSS p.invalid;branch=z9hG4bK7\r\n' +
          'Max-Forwards: 70\r\nFrom: <sip:b@x>;tag=1\r\nTo: <sip:alice@umphone.test>\r\nCall-ID: m1\r\n' +
          'CSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n',
      );
      expect(FakeTransport.sent[0]).toMatch(/^SIP\/2\.0 405 [^]*\r\nAllow: ACK,BYE,INVITE,OPTIONS\r\n/);
    } finally {
      limitAllowedMethods(shipped);
    }
  });

  it('UserAgentClient: protected `onTransportError` ends an outstanding REGISTER with SIP.js’s own 503 at once', async () => {
    const ua = await startedUa();
    const registerer = new Registerer(ua);
    const rejected: number[] = [];
    const request = await registerer.register({
      requestDelegate: { onReject: (response) => rejected.push(response.message.statusCode ?? 0) },
    });
    expect(registerPending(registerer)).toBe(true);
    failRequestOnLostConnection(request);
    expect(rejected).toEqual([503]);
    expect(registerPending(registerer)).toBe(false);
  });
});
