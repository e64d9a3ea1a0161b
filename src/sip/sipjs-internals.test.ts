/**
 * Pinned to SIP.js 0.21.2: every private member sipjs-internals.ts reaches must still be where it
 * was. An upgrade that moves one fails here, not in a browser.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Publisher, Registerer, Session, UserAgent } from 'sip.js';
import { FakeTransport, responseTo } from './testing/fake-transport';
import {
  SIPJS_VERSION,
  beforeEachPublish,
  failRequestOnLostConnection,
  onRegisterPendingChange,
  publisherInternals,
  referWithReferTo,
  registerPending,
  wrapTransportReceive,
} from './sipjs-internals';

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

  it('Transport: the UserAgent sets `onMessage` on its transport, and a wrapper sees every message first', async () => {
    const ua = await startedUa();
    const seen: string[] = [];
    expect(wrapTransportReceive(ua, (message, deliver) => (seen.push(message), deliver(message)))).toBe(true);
    FakeTransport.last!.receive('OPTIONS sip:alice@umphone.test SIP/2.0\r\n\r\n');
    expect(seen).toHaveLength(1);
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
