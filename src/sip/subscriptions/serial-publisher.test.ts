import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { responseTo, sentHeader } from '../testing/fake-transport';
import { publisherOnFakeProxy } from '../testing/fake-publisher';
import { PUBLISH_RETRY_MS } from './serial-publisher';

const EXPIRES = 600;

/** Node's process (this project's tsconfig carries browser types only). */
interface NodeProcess {
  on(event: 'uncaughtException', listener: (error: unknown) => void): void;
  off(event: 'uncaughtException', listener: (error: unknown) => void): void;
}
const nodeProcess = (globalThis as unknown as { process: NodeProcess }).process;

describe('SerialPublisher: a 2xx to PUBLISH without SIP-ETag (RFC 3903 §6)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is a failed publication: logged, no uncaught "Etag undefined" at the refresh, published fresh later', async () => {
    const { ua, transport, publisher, log, publishes } = await publisherOnFakeProxy(EXPIRES);
    const uncaught = vi.fn();
    nodeProcess.on('uncaughtException', uncaught);
    try {
      publisher.publishLatest(() => '<presence>open</presence>');
      expect(publishes()).toHaveLength(1);
      transport.receive(responseTo(publishes()[0]!, '200 OK', [`Expires: ${EXPIRES}`]));
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/without SIP-ETag/));

      // Published afresh after the retry delay: an initial PUBLISH with the body, no SIP-If-Match.
      await vi.advanceTimersByTimeAsync(PUBLISH_RETRY_MS);
      expect(publishes()).toHaveLength(2);
      const fresh = publishes()[1]!;
      expect(sentHeader(fresh, 'sip-if-match')).toBeUndefined();
      expect(fresh).toContain('<presence>open</presence>');
      transport.receive(responseTo(fresh, '200 OK', [`Expires: ${EXPIRES}`, 'SIP-ETag: e1']));

      // SIP.js alone would throw "Etag undefined" from the first publication's refresh timer at
      // 90 % of its expiry (540 s); instead only the fresh publication is refreshed, with its tag.
      await vi.advanceTimersByTimeAsync(EXPIRES * 900 + 1000);
      expect(uncaught).not.toHaveBeenCalled();
      expect(publishes()).toHaveLength(3);
      expect(sentHeader(publishes()[2]!, 'sip-if-match')).toBe('e1');
    } finally {
      nodeProcess.off('uncaughtException', uncaught);
      await publisher.dispose();
      await ua.stop();
    }
  });

  it('a change meanwhile is published at once, fresh, and the retry is not sent as well', async () => {
    const { ua, transport, publisher, publishes } = await publisherOnFakeProxy(EXPIRES);
    try {
      publisher.publishLatest(() => 'first');
      transport.receive(responseTo(publishes()[0]!, '200 OK', [`Expires: ${EXPIRES}`]));
      publisher.publishLatest(() => 'second');
      expect(publishes()).toHaveLength(2);
      expect(sentHeader(publishes()[1]!, 'sip-if-match')).toBeUndefined();
      transport.receive(responseTo(publishes()[1]!, '200 OK', [`Expires: ${EXPIRES}`, 'SIP-ETag: e2']));
      await vi.advanceTimersByTimeAsync(PUBLISH_RETRY_MS + 1000);
      expect(publishes()).toHaveLength(2);
    } finally {
      await publisher.dispose();
      await ua.stop();
    }
  });

  it('with SIP-ETag, the refresh carries it (control: the ordinary path is untouched)', async () => {
    const { ua, transport, publisher, log, publishes } = await publisherOnFakeProxy(EXPIRES);
    try {
      publisher.publishLatest(() => 'body');
      transport.receive(responseTo(publishes()[0]!, '200 OK', [`Expires: ${EXPIRES}`, 'SIP-ETag: abc']));
      await vi.advanceTimersByTimeAsync(EXPIRES * 900 + 10);
      expect(sentHeader(publishes()[1]!, 'sip-if-match')).toBe('abc');
      expect(log).not.toHaveBeenCalled();
    } finally {
      await publisher.dispose();
      await ua.stop();
    }
  });
});
