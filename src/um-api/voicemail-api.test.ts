import { describe, expect, it } from 'vitest';
import { VoicemailApi, VoicemailApiError } from './voicemail-api';

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
    const api = new VoicemailApi('http://h:1/', { username: 'bob', password: 'p' }, s.fetchImpl);
    await expect(api.playOnPhone('m1', 'sip:bob@umphone.test')).resolves.toBe('c7');
    expect(JSON.parse(s.seen[1]?.body ?? '{}')).toEqual({ itemId: 'm1', dialString: 'sip:bob@umphone.test' });
  });

  it('reports a wrong password and server errors as VoicemailApiError', async () => {
    const wrong = server(() => challenge());
    const api = new VoicemailApi('http://h:1', { username: 'bob', password: 'x' }, wrong.fetchImpl);
    await expect(api.listMessages()).rejects.toMatchObject({ status: 401 });
    const failing = server((r) =>
      r.auth ? Response.json({ error: 'no such message' }, { status: 404 }) : challenge(),
    );
    const api2 = new VoicemailApi('http://h:1', { username: 'bob', password: 'p' }, failing.fetchImpl);
    await expect(api2.playOnPhone('nope', 'sip:bob@x')).rejects.toThrow(VoicemailApiError);
    await expect(api2.playOnPhone('nope', 'sip:bob@x')).rejects.toThrow(/no such message/);
  });

  it('maps unknown call states to idle instead of trusting the server blindly', async () => {
    const s = server((r) =>
      r.auth ? Response.json({ callState: '<b>x</b>', eventCause: 'none' }) : challenge(),
    );
    const api = new VoicemailApi('http://h:1', { username: 'bob', password: 'p' }, s.fetchImpl);
    await expect(api.getCallInfo('c1')).resolves.toEqual({ callState: 'idle', eventCause: 'none' });
    expect(s.seen[1]?.url).toBe('http://h:1/um/GetCallInfo?callId=c1');
  });
});
