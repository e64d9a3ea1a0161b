import { describe, expect, it } from 'vitest';
import { MAX_PREVIEW_LENGTH, toPreview, VoicemailApi, VoicemailApiError } from './voicemail-api';

/** A scripted server: the first request is challenged, later ones must carry a digest answer. */
function server(
  handler: (req: { method: string; url: string; auth: string | null; body?: string }) => Response,
) {
  const seen: { method: string; url: string; auth: string | null; body?: string }[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const req = {
      method: init?.method ?? 'GET',
      url: String(input),
      auth: new Headers(init?.headers).get('Authorization'),
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    seen.push(req);
    return handler(req);
  }) as typeof fetch;
  return { seen, fetchImpl };
}

const challenge = () =>
  new Response('', {
    status: 401,
    headers: { 'WWW-Authenticate': 'Digest realm="umphone.test", nonce="n1", qop="auth", opaque="o"' },
  });

describe('VoicemailApi', () => {
  it('lists the user’s call events (MS-EUMR 3.2 notifications) and skips records it cannot tie to a call', async () => {
    const s = server((r) =>
      r.auth
        ? Response.json({
            notifications: [
              {
                receivedAt: '2026-11-21T10:00:05.000Z',
                time: '2026-11-21 10:00:04Z',
                type: 'missed',
                callId: 'c1@h',
                caller: 'sip:alice@umphone.test',
                subject: 'Q',
                priority: 'urgent',
                missedReason: 'CallerReleased',
                target: null,
                answeredBy: null,
              },
              {
                receivedAt: '2026-11-21T10:00:00.000Z',
                time: 'garbage',
                type: 'answered',
                callId: 'c2@h',
                caller: 'sip:alice@umphone.test',
                target: 'sip:carol@umphone.test',
                answeredBy: 'sip:carol@umphone.test',
              },
              { type: 'missed', callId: '', time: '2026-11-21 10:00:04Z' },
              { type: 'exploded', callId: 'c3', time: '2026-11-21 10:00:04Z' },
              'junk',
            ],
          })
        : challenge(),
    );
    const api = new VoicemailApi(
      'http://127.0.0.1:8091',
      { username: 'bob', password: 'bob-pass' },
      s.fetchImpl,
    );
    const events = await api.listCallEvents();
    expect(s.seen[1]?.url).toBe('http://127.0.0.1:8091/um/notifications');
    expect(events).toEqual([
      {
        type: 'missed',
        callId: 'c1@h',
        caller: 'sip:alice@umphone.test',
        time: Date.parse('2026-11-21T10:00:04Z'),
        subject: 'Q',
        priority: 'urgent',
        missedReason: 'CallerReleased',
        target: undefined,
        answeredBy: undefined,
      },
      expect.objectContaining({
        type: 'answered',
        callId: 'c2@h',
        // An unreadable Time falls back to when the server received the notification.
        time: Date.parse('2026-11-21T10:00:00.000Z'),
        target: 'sip:carol@umphone.test',
        answeredBy: 'sip:carol@umphone.test',
        missedReason: undefined,
      }),
    ]);
  });

  it('answers the digest challenge with the SIP credentials and lists messages', async () => {
    const s = server((r) =>
      r.auth
        ? Response.json([
            { id: 'm1', caller: 'sip:alice@umphone.test', urgent: true, durationSeconds: 4, subject: 'Q' },
          ])
        : challenge(),
    );
    const api = new VoicemailApi(
      'http://127.0.0.1:8091',
      { username: 'bob', password: 'bob-pass' },
      s.fetchImpl,
    );
    const list = await api.listMessages();
    expect(list).toEqual([
      expect.objectContaining({
        id: 'm1',
        caller: 'sip:alice@umphone.test',
        urgent: true,
        subject: 'Q',
        heard: false,
      }),
    ]);
    expect(s.seen).toHaveLength(2);
    expect(s.seen[1]?.auth).toMatch(
      /^Digest username="bob", realm="umphone.test", nonce="n1", uri="\/um\/messages"/,
    );
    // Later requests reuse the challenge with a rising nonce count, without a new round trip.
    await api.listMessages();
    expect(s.seen).toHaveLength(3);
    expect(s.seen[2]?.auth).toContain('nc=00000002');
  });

  it('posts PlayOnPhone and returns the call id', async () => {
    const s = server((r) => (r.auth ? Response.json({ callId: 'c7' }) : challenge()));
    const api = new VoicemailApi('https://h:1/', { username: 'bob', password: 'p' }, s.fetchImpl);
    await expect(api.playOnPhone('m1', 'sip:bob@umphone.test')).resolves.toBe('c7');
    expect(JSON.parse(s.seen[1]?.body ?? '{}')).toEqual({ itemId: 'm1', dialString: 'sip:bob@umphone.test' });
  });

  it('reports a wrong password and server errors as VoicemailApiError', async () => {
    const wrong = server(() => challenge());
    const api = new VoicemailApi('https://h:1', { username: 'bob', password: 'x' }, wrong.fetchImpl);
    await expect(api.listMessages()).rejects.toMatchObject({ status: 401 });
    const failing = server((r) =>
      r.auth ? Response.json({ error: 'no such message' }, { status: 404 }) : challenge(),
    );
    const api2 = new VoicemailApi('https://h:1', { username: 'bob', password: 'p' }, failing.fetchImpl);
    await expect(api2.playOnPhone('nope', 'sip:bob@x')).rejects.toThrow(VoicemailApiError);
    await expect(api2.playOnPhone('nope', 'sip:bob@x')).rejects.toThrow(/no such message/);
  });

  it('maps unknown call states to idle instead of trusting the server blindly', async () => {
    const s = server((r) =>
      r.auth ? Response.json({ callState: '<b>x</b>', eventCause: 'none' }) : challenge(),
    );
    const api = new VoicemailApi('https://h:1', { username: 'bob', password: 'p' }, s.fetchImpl);
    await expect(api.getCallInfo('c1')).resolves.toEqual({ callState: 'idle', eventCause: 'none' });
    expect(s.seen[1]?.url).toBe('https://h:1/um/GetCallInfo?callId=c1');
  });

  it('fetches a message’s audio with Digest (an <audio> element cannot), asking for a byte range when told', async () => {
    const s = server((r) => {
      if (!r.auth) return challenge();
      return new Response(new Uint8Array([1, 2, 3]), {
        status: 206,
        headers: { 'Content-Type': 'audio/wav', 'Content-Range': 'bytes 10-12/100' },
      });
    });
    const ranges: (string | null)[] = [];
    const fetchImpl = ((input: string | URL | Request, init?: RequestInit) => {
      ranges.push(new Headers(init?.headers).get('Range'));
      return s.fetchImpl(input, init);
    }) as typeof fetch;
    const api = new VoicemailApi('https://um.test:8091', { username: 'bob', password: 'pw' }, fetchImpl);
    const audio = await api.fetchAudio('abc/def', { start: 10, end: 12 });
    expect(audio.status).toBe(206);
    expect(audio.contentRange).toBe('bytes 10-12/100');
    expect(new Uint8Array(await audio.blob.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(s.seen.map((r) => r.url)).toEqual([
      'https://um.test:8091/um/messages/abc%2Fdef/audio',
      'https://um.test:8091/um/messages/abc%2Fdef/audio',
    ]);
    expect(s.seen[1]!.auth).toMatch(/^Digest username="bob".*uri="\/um\/messages\/abc%2Fdef\/audio"/);
    expect(ranges).toEqual(['bytes=10-12', 'bytes=10-12']);
  });

  it("makes a message's caller name and Subject safe to show (they reach the Undo line and labels)", async () => {
    const s = server((r) =>
      r.auth
        ? Response.json({
            messages: [
              {
                id: 'm1',
                caller: 'sip:m@x',
                callerName: '\u202Eevil\u202C Mallory\u2028Bank',
                subject: 'a\u2029b',
              },
            ],
          })
        : challenge(),
    );
    const api = new VoicemailApi('https://h:1', { username: 'bob', password: 'p' }, s.fetchImpl);
    const [message] = await api.listMessages();
    expect(message).toMatchObject({ callerName: 'evil Mallory Bank', subject: 'a b', caller: 'sip:m@x' });
  });

  it("never sends the password's Digest answer over plain http to another computer", async () => {
    const s = server((r) => (r.auth ? Response.json([]) : challenge()));
    const remote = new VoicemailApi(
      'http://um.example:8091',
      { username: 'bob', password: 'pw' },
      s.fetchImpl,
    );
    await expect(remote.listMessages()).rejects.toMatchObject({ status: 401, message: /https:\/\// });
    expect(s.seen).toHaveLength(1);
    expect(s.seen[0]!.auth).toBeNull();
    // To this computer (the lab, a local proxy) plain http is fine, as plain ws is for SIP.
    for (const base of ['http://127.0.0.1:8091', 'http://localhost:8091', 'http://[::1]:8091']) {
      s.seen.length = 0;
      await new VoicemailApi(base, { username: 'bob', password: 'pw' }, s.fetchImpl).listMessages();
      expect(s.seen[1]!.auth).toMatch(/^Digest /);
    }
  });

  it('keeps the path of a base URL below a path (a portal serving the API at /voicemail/)', async () => {
    const s = server((r) => (r.auth ? Response.json({ messages: [] }) : challenge()));
    for (const base of ['https://portal.test/voicemail', 'https://portal.test/voicemail/']) {
      s.seen.length = 0;
      const api = new VoicemailApi(base, { username: 'bob', password: 'pw' }, s.fetchImpl);
      await api.listMessages();
      expect(s.seen.map((r) => r.url)).toEqual([
        'https://portal.test/voicemail/um/messages',
        'https://portal.test/voicemail/um/messages',
      ]);
      expect(s.seen[1]!.auth).toContain('uri="/voicemail/um/messages"');
    }
  });

  it('marks read/unread, deletes and restores with the right methods; a refusal is an error', async () => {
    const s = server((r) => {
      if (!r.auth) return challenge();
      if (r.method === 'DELETE') return Response.json({ restorableUntil: '2026-11-21T10:01:00.000Z' });
      if (r.url.endsWith('/restore') && r.method === 'POST') return Response.json({ message: {} });
      if (r.method === 'PATCH') return Response.json({ message: {} });
      return Response.json({ error: 'no-such-item' }, { status: 404 });
    });
    const api = new VoicemailApi('https://um.test', { username: 'bob', password: 'pw' }, s.fetchImpl);
    await api.setHeard('m1', false);
    expect(await api.deleteMessage('m1')).toEqual({ restorableUntil: '2026-11-21T10:01:00.000Z' });
    await api.restoreMessage('m1');
    const sent = s.seen
      .filter((r) => r.auth)
      .map((r) => [r.method, r.url.replace('https://um.test', ''), r.body]);
    expect(sent).toEqual([
      ['PATCH', '/um/messages/m1', '{"heard":false}'],
      ['DELETE', '/um/messages/m1', undefined],
      ['POST', '/um/messages/m1/restore', undefined],
    ]);
    await expect(api.fetchAudio('gone')).rejects.toMatchObject({ status: 404 });
  });
});

describe('Voice Mail Preview records (remote data)', () => {
  it('keeps a ready text (trimmed, capped), pending and failed; anything else is no preview', () => {
    expect(toPreview({ status: 'ready', text: '  call me back ' })).toEqual({
      status: 'ready',
      text: 'call me back',
    });
    expect(toPreview({ status: 'ready', text: 'x'.repeat(5000) })).toEqual({
      status: 'ready',
      text: 'x'.repeat(MAX_PREVIEW_LENGTH),
    });
    expect(toPreview({ status: 'ready', text: '   ' })).toEqual({ status: 'failed' });
    expect(toPreview({ status: 'pending', text: 'ignored' })).toEqual({ status: 'pending' });
    expect(toPreview({ status: 'failed' })).toEqual({ status: 'failed' });
    expect(toPreview({ status: 'ready', text: 42 })).toBeUndefined();
    expect(toPreview({ status: 'done' })).toBeUndefined();
    expect(toPreview('hello')).toBeUndefined();
  });

  it('makes preview text safe to show: no bidi override or line separator, never half a character', () => {
    expect(toPreview({ status: 'ready', text: 'Invoice \u202Egpj.exe\u2028Subject: paid' })).toEqual({
      status: 'ready',
      text: 'Invoice gpj.exe Subject: paid',
    });
    const capped = toPreview({ status: 'ready', text: `${'x'.repeat(MAX_PREVIEW_LENGTH - 1)}😀😀` });
    expect(capped).toEqual({ status: 'ready', text: `${'x'.repeat(MAX_PREVIEW_LENGTH - 1)}😀` });
  });
});
