import { describe, expect, it } from 'vitest';
import { VoicemailApi } from './voicemail-api';
import { createVoicemailApi, parseVoicemailApiUrls, VoicemailApiFailover } from './voicemail-api-failover';

type Seen = { method: string; url: string };

/**
 * Scripted voicemail servers by host: 'down' refuses the connection (fetch rejects, as a
 * browser's does), a number answers that status, 'ok' runs the Digest exchange and lists one
 * message named after the host.
 */
function servers(behaviour: Record<string, 'down' | 'ok' | number>) {
  const seen: Seen[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    seen.push({ method: init?.method ?? 'GET', url: url.href });
    const how = behaviour[url.host];
    if (how === undefined || how === 'down') throw new TypeError('Failed to fetch');
    if (typeof how === 'number') return new Response('', { status: how });
    if (!new Headers(init?.headers).get('Authorization'))
      return new Response('', {
        status: 401,
        headers: { 'WWW-Authenticate': 'Digest realm="umphone.test", nonce="n1", qop="auth"' },
      });
    if (url.pathname === '/um/PlayOnPhone') return Response.json({ callId: `call-on-${url.host}` });
    if (url.pathname === '/um/GetCallInfo') return Response.json({ callState: 'connected' });
    return Response.json({
      messages: [{ id: url.host, receivedAt: '2026-11-27T10:00:00Z', durationSeconds: 3, heard: false }],
    });
  }) as typeof fetch;
  return { seen, fetchImpl };
}

const bob = { username: 'bob', password: 'bob-pass' };

describe('voicemail API with several servers', () => {
  it('reads the setting as a list in order, without duplicates', () => {
    expect(parseVoicemailApiUrls(' http://a:1, http://b:2\nhttp://a:1 ')).toEqual([
      'http://a:1',
      'http://b:2',
    ]);
    expect(createVoicemailApi('http://a:1', bob)).toBeInstanceOf(VoicemailApi);
    expect(createVoicemailApi('http://a:1 http://b:2', bob)).toBeInstanceOf(VoicemailApiFailover);
  });

  it('lists the messages from the second server when the first cannot be reached, and stays there', async () => {
    const s = servers({ 'um1:8091': 'down', 'um2:8091': 'ok' });
    const api = createVoicemailApi('https://um1:8091 https://um2:8091', bob, s.fetchImpl);
    expect((await api.listMessages()).map((m) => m.id)).toEqual(['um2:8091']);
    expect((await api.listMessages()).map((m) => m.id)).toEqual(['um2:8091']);
    // The dead one was asked once; after that the one that answered is asked first.
    expect(s.seen.filter((r) => r.url.startsWith('https://um1:8091')).length).toBe(1);
  });

  it('moves on for 502/503/504, but takes any other answer as the answer', async () => {
    const unavailable = servers({ 'um1:8091': 503, 'um2:8091': 'ok' });
    const api = createVoicemailApi('https://um1:8091,https://um2:8091', bob, unavailable.fetchImpl);
    expect((await api.listMessages()).map((m) => m.id)).toEqual(['um2:8091']);

    const refused = servers({ 'um1:8091': 403, 'um2:8091': 'ok' });
    const strict = createVoicemailApi('https://um1:8091,https://um2:8091', bob, refused.fetchImpl);
    await expect(strict.listMessages()).rejects.toMatchObject({ status: 403 });
    expect(refused.seen.some((r) => r.url.startsWith('https://um2:8091'))).toBe(false);
  });

  it('fails with the last error when no server answers', async () => {
    const s = servers({ 'um1:8091': 'down', 'um2:8091': 'down' });
    const api = createVoicemailApi('https://um1:8091 https://um2:8091', bob, s.fetchImpl);
    await expect(api.listMessages()).rejects.toMatchObject({ status: 0 });
    expect(s.seen.map((r) => new URL(r.url).host)).toEqual(['um1:8091', 'um2:8091']);
  });

  it('asks the server that placed a Play-On-Phone call about that call', async () => {
    const behaviour: Record<string, 'down' | 'ok' | number> = { 'um1:8091': 'down', 'um2:8091': 'ok' };
    const s = servers(behaviour);
    const api = createVoicemailApi('https://um1:8091 https://um2:8091', bob, s.fetchImpl);
    const callId = await api.playOnPhone('m1', 'sip:bob@umphone.test');
    expect(callId).toBe('call-on-um2:8091');
    behaviour['um1:8091'] = 'ok'; // back, but it does not know the call
    expect(await api.getCallInfo(callId)).toMatchObject({ callState: 'connected' });
    expect(s.seen.at(-1)?.url).toMatch(/^https:\/\/um2:8091\/um\/GetCallInfo/);
  });
});
