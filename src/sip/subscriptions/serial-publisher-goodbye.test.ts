/**
 * SerialPublisher's goodbye (un-PUBLISH, RFC 3903 §4.6) while a PUBLISH is still unanswered: the
 * server gives every modification a new entity-tag (§4.4), so a remove naming the old one fails
 * (412) and the publication stays; and a change queued behind the outstanding PUBLISH must never go
 * out after the goodbye.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { responseTo, sentHeader } from '../testing/fake-transport';
import { publisherOnFakeProxy } from '../testing/fake-publisher';

const EXPIRES = 600;

describe('SerialPublisher: the un-PUBLISH while a PUBLISH is unanswered', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a modification outstanding: removed again with the entity-tag its answer brings; the queued change never goes out', async () => {
    const { ua, transport, publisher, publishes, removes } = await publisherOnFakeProxy(EXPIRES);
    try {
      publisher.publishLatest(() => 'first');
      transport.receive(responseTo(publishes()[0]!, '200 OK', [`Expires: ${EXPIRES}`, 'SIP-ETag: e1']));
      publisher.publishLatest(() => 'second');
      const modify = publishes()[1]!;
      publisher.publishLatest(() => 'third'); // waits for the answer to 'second'

      await publisher.unpublish();
      // At once (the page may be closing), naming the tag it knows.
      expect(removes()).toHaveLength(1);
      expect(sentHeader(removes()[0]!, 'sip-if-match')).toBe('e1');

      // The modification was applied first and got a new tag: the first remove fails.
      transport.receive(responseTo(modify, '200 OK', [`Expires: ${EXPIRES}`, 'SIP-ETag: e2']));
      transport.receive(responseTo(removes()[0]!, '412 Conditional Request Failed'));
      expect(removes()).toHaveLength(2);
      expect(sentHeader(removes()[1]!, 'sip-if-match')).toBe('e2');
      transport.receive(responseTo(removes()[1]!, '200 OK', ['Expires: 0', 'SIP-ETag: e2']));

      await vi.advanceTimersByTimeAsync(EXPIRES * 1000);
      expect(publishes().some((m) => m.endsWith('third'))).toBe(false);
      expect(removes()).toHaveLength(2);
    } finally {
      await publisher.dispose();
      await ua.stop();
    }
  });

  it('the first PUBLISH outstanding (no tag yet): the remove follows its answer', async () => {
    const { ua, transport, publisher, publishes, removes } = await publisherOnFakeProxy(EXPIRES);
    try {
      publisher.publishLatest(() => 'first');
      await publisher.unpublish();
      expect(removes()).toHaveLength(0); // nothing to name yet
      transport.receive(responseTo(publishes()[0]!, '200 OK', [`Expires: ${EXPIRES}`, 'SIP-ETag: e1']));
      expect(removes()).toHaveLength(1);
      expect(sentHeader(removes()[0]!, 'sip-if-match')).toBe('e1');
    } finally {
      await publisher.dispose();
      await ua.stop();
    }
  });

  it('nothing outstanding: one remove, and its answer sends nothing more (control)', async () => {
    const { ua, transport, publisher, publishes, removes } = await publisherOnFakeProxy(EXPIRES);
    try {
      publisher.publishLatest(() => 'first');
      transport.receive(responseTo(publishes()[0]!, '200 OK', [`Expires: ${EXPIRES}`, 'SIP-ETag: e1']));
      await publisher.unpublish();
      transport.receive(responseTo(removes()[0]!, '200 OK', ['Expires: 0', 'SIP-ETag: e9']));
      await vi.advanceTimersByTimeAsync(EXPIRES * 1000);
      expect(removes()).toHaveLength(1);
      expect(publishes()).toHaveLength(2);
    } finally {
      await publisher.dispose();
      await ua.stop();
    }
  });
});
