import { describe, expect, it } from 'vitest';
import { VoicemailApi } from './voicemail-api';

describe('VoicemailApi at sign-in', () => {
  it('sends one unauthenticated request however many start at once; the rest answer its challenge (nc 2, 3…)', async () => {
    const seen: (string | null)[] = [];
    const fetchImpl = (async (_input: string | URL | Request, init?: RequestInit) => {
      const auth = new Headers(init?.headers).get('Authorization');
      seen.push(auth);
      await new Promise((r) => setTimeout(r, 5));
      if (!auth)
        return new Response('', {
          status: 401,
          headers: { 'WWW-Authenticate': 'Digest realm="umphone.test", nonce="n1", qop="auth"' },
        });
      return Response.json({ messages: [], notifications: [] });
    }) as typeof fetch;
    const api = new VoicemailApi('https://um.test', { username: 'alice', password: 'alice-pass' }, fetchImpl);
    await Promise.all([api.listMessages(), api.listCallEvents(), api.listMessages()]);
    expect(seen.filter((a) => a === null)).toHaveLength(1);
    const ncs = seen.filter((a) => a !== null).map((a) => /nc=([0-9a-f]+)/.exec(a!)?.[1]);
    expect(new Set(ncs).size).toBe(ncs.length);
    expect(seen).toHaveLength(4);
  });
});
