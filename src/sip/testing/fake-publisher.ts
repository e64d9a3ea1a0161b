/** A SerialPublisher on a started UserAgent over FakeTransport, for the publisher's unit tests. */
import { vi } from 'vitest';
import { UserAgent } from 'sip.js';
import { SerialPublisher } from '../subscriptions/serial-publisher';
import { FakeTransport, sentHeader } from './fake-transport';

export async function publisherOnFakeProxy(expires: number) {
  FakeTransport.sent.length = 0;
  const ua = new UserAgent({
    uri: UserAgent.makeURI('sip:alice@umphone.test'),
    transportConstructor: FakeTransport,
    logBuiltinEnabled: false,
  });
  await ua.start();
  const transport = FakeTransport.last!;
  const log = vi.fn();
  const publisher = new SerialPublisher(
    ua,
    UserAgent.makeURI('sip:alice@umphone.test')!,
    'presence',
    { expires, contentType: 'application/pidf+xml', unpublishOnClose: false },
    log,
  );
  /** Every PUBLISH sent so far, and those of them that remove the publication (Expires: 0). */
  const publishes = () => FakeTransport.sent.filter((m) => m.startsWith('PUBLISH '));
  const removes = () => publishes().filter((m) => sentHeader(m, 'expires') === '0');
  return { ua, transport, publisher, log, publishes, removes };
}
