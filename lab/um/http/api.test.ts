import { mkdtempSync, rmSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallLog } from '../calllog';
import type { PlayOnPhoneManager } from '../ivr/play-on-phone';
import { MailboxStore } from '../mailbox/store';
import { previewPath } from '../media/preview-store';
import { resolveDialString, startApi, type RunningApi } from './api';
import { DEFAULT_ALLOWED_ORIGINS, originAllowed, parseAllowedOrigins } from './cors';
import { DigestAuth, digestResponse, parseDigestParams } from './digest';
import { parseRange } from './range';

const passwords: Record<string, string> = { alice: 'alice-pass', bob: 'bob-pass' };
let dir: string;
let api: RunningApi;
let store: MailboxStore;
let bobMessage = '';
const started: Array<{ user: string; target: string; itemId: string }> = [];

/** A PlayOnPhone manager stand-in: records what would be dialed. */
const fakePlayOnPhone = {
  calls: new Map<string, { user: string; id: string }>(),
  start(user: string, target: string, message: { id: string }) {
    started.push({ user, target, itemId: message.id });
    const call = {
      id: `call${started.length}`,
      user,
      info: () => ({ callState: 'connecting', eventCause: 'none', sipStatus: 0, detail: '' }),
      disconnect: () => {},
    };
    this.calls.set(call.id, call);
    return call;
  },
  get(id: string) {
    return this.calls.get(id);
  },
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'um-api-'));
  store = await MailboxStore.open(dir, ['alice', 'bob'], () => {});
  bobMessage = (
    await store.add('bob', {
      caller: 'sip:alice@umphone.test',
      callerName: 'Alice Example',
      receivedAt: new Date('2026-03-02T15:04:00Z'),
      subject: 'Quarterly numbers',
      priority: 'urgent',
      audio: Buffer.alloc(8000, 0x55),
    })
  ).id;
  api = await startApi({
    host: '127.0.0.1',
    port: 0,
    domain: 'umphone.test',
    store,
    callLog: new CallLog(),
    playOnPhone: fakePlayOnPhone as unknown as PlayOnPhoneManager,
    digest: new DigestAuth({ realm: 'umphone.test', password: (u) => passwords[u] }),
    allowedOrigins: DEFAULT_ALLOWED_ORIGINS,
    log: () => {},
  });
});

afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

let nc = 0;
/**
 * fetch with the Digest exchange a browser client does (401, then credentials); `headers` go on
 * the authenticated request only.
 */
async function authed(
  user: string,
  method: string,
  target: string,
  options: { body?: string; headers?: Record<string, string>; password?: string } = {},
): Promise<Response> {
  const init = options.body === undefined ? {} : { body: options.body };
  const first = await fetch(api.url + target, { method, ...init });
  expect(first.status).toBe(401);
  await first.arrayBuffer();
  const p = parseDigestParams(first.headers.get('www-authenticate') ?? '');
  if (!p) throw new Error('no challenge');
  const ncText = (++nc).toString(16).padStart(8, '0');
  const response = digestResponse({
    algorithm: 'MD5',
    username: user,
    realm: p.get('realm') ?? '',
    password: options.password ?? passwords[user] ?? '',
    method,
    uri: target,
    nonce: p.get('nonce') ?? '',
    nc: ncText,
    cnonce: 'abc123',
    qop: 'auth',
  });
  const authorization = `Digest username="${user}", realm="${p.get('realm')}", nonce="${p.get('nonce')}", uri="${target}", qop=auth, nc=${ncText}, cnonce="abc123", response="${response}", opaque="${p.get('opaque')}"`;
  return fetch(api.url + target, {
    method,
    headers: { ...options.headers, Authorization: authorization },
    ...init,
  });
}

/** `authed` with a JSON body (a string is sent as it is) and the JSON answer. */
async function call(
  user: string,
  method: string,
  target: string,
  body?: unknown,
  password = passwords[user] ?? '',
): Promise<{ status: number; data: Record<string, unknown> }> {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await authed(user, method, target, { ...(text === undefined ? {} : { body: text }), password });
  return { status: res.status, data: (await res.json()) as Record<string, unknown> };
}

/** Like `call`, but with extra headers and the raw response (for the audio). */
function raw(
  user: string,
  method: string,
  target: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return authed(user, method, target, { headers });
}

describe('HTTP API', () => {
  it('demands Digest credentials with realm = SIP domain (no open access)', async () => {
    for (const [method, target] of [
      ['GET', '/um/messages'],
      ['GET', '/um/calls'],
      ['POST', '/um/PlayOnPhone'],
      ['GET', '/um/GetCallInfo?callId=x'],
      ['POST', '/um/DisconnectPhoneCall'],
    ] as const) {
      const res = await fetch(api.url + target, { method });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(
        /^Digest realm="umphone.test", qop="auth", algorithm=MD5/,
      );
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
    expect((await call('bob', 'GET', '/um/messages', undefined, 'wrong')).status).toBe(401);
  });

  it("lists only the caller's own messages", async () => {
    const bob = await call('bob', 'GET', '/um/messages');
    expect(bob.status).toBe(200);
    expect(bob.data.messages).toEqual([
      {
        id: bobMessage,
        caller: 'sip:alice@umphone.test',
        callerName: 'Alice Example',
        receivedAt: '2026-03-02T15:04:00.000Z',
        durationSeconds: 1,
        subject: 'Quarterly numbers',
        priority: 'urgent',
        urgent: true,
        heard: false,
        // deposited long ago with no transcript beside it: recognition is over and gave nothing
        preview: { status: 'failed' },
      },
    ]);
    expect((await call('alice', 'GET', '/um/messages')).data.messages).toEqual([]);
  });

  it('lists the Voice Mail Preview written beside the message, cleaned again, to its owner', async () => {
    const file = store.audioPath('bob', bobMessage)!;
    await writeFile(
      previewPath(file),
      JSON.stringify({ version: 1, status: 'ready', text: 'call me <b>back</b> soon' }),
    );
    try {
      const [message] = (await call('bob', 'GET', '/um/messages')).data.messages as { preview?: unknown }[];
      expect(message?.preview).toEqual({ status: 'ready', text: 'call me soon' });
    } finally {
      await rm(previewPath(file), { force: true });
    }
  });

  it("PlayOnPhone dials the owner; someone else's message is 404, another number 403", async () => {
    const ok = await call('bob', 'POST', '/um/PlayOnPhone', {
      itemId: bobMessage,
      dialString: 'sip:bob@umphone.test',
    });
    expect(ok).toEqual({ status: 200, data: { callId: 'call1' } });
    expect(started.at(-1)).toEqual({ user: 'bob', target: 'sip:bob@umphone.test', itemId: bobMessage });
    expect((await call('alice', 'POST', '/um/PlayOnPhone', { itemId: bobMessage })).status).toBe(404);
    expect(
      (await call('bob', 'POST', '/um/PlayOnPhone', { itemId: bobMessage, dialString: 'alice' })).status,
    ).toBe(403);
    expect((await call('bob', 'GET', '/um/GetCallInfo?callId=call1')).data).toMatchObject({
      callState: 'connecting',
    });
    expect((await call('alice', 'GET', '/um/GetCallInfo?callId=call1')).status).toBe(404);
    expect((await call('alice', 'POST', '/um/DisconnectPhoneCall', { callId: 'call1' })).status).toBe(404);
    expect((await call('bob', 'POST', '/um/DisconnectPhoneCall', { callId: 'call1' })).status).toBe(200);
  });

  it('answers malformed requests with a clear 4xx JSON error', async () => {
    expect(await call('bob', 'POST', '/um/PlayOnPhone', '{not json')).toMatchObject({
      status: 400,
      data: { error: 'bad-json' },
    });
    expect(await call('bob', 'POST', '/um/PlayOnPhone', [1, 2])).toMatchObject({ status: 400 });
    expect(await call('bob', 'POST', '/um/PlayOnPhone', { itemId: 42 })).toMatchObject({
      status: 400,
      data: { error: 'missing-itemId' },
    });
    expect(await call('bob', 'POST', '/um/PlayOnPhone', { itemId: 'nope' })).toMatchObject({ status: 404 });
    expect(await call('bob', 'GET', '/um/GetCallInfo')).toMatchObject({ status: 400 });
    expect((await fetch(`${api.url}/um/nothing`)).status).toBe(404);
    expect((await fetch(`${api.url}/um/messages`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${api.url}/um/messages/0123456789abcdef/audio`, { method: 'POST' })).status).toBe(
      405,
    );
    // A malformed escape in an id: asked for credentials like any other path (it once threw a 500
    // before authentication), then no such message.
    expect((await fetch(`${api.url}/um/messages/%E0%A4/audio`)).status).toBe(401);
    expect((await raw('bob', 'GET', '/um/messages/%E0%A4/audio')).status).toBe(404);
  });

  it('CORS: preflight allows Authorization and exposes WWW-Authenticate for allowed origins only', async () => {
    const origin = 'http://127.0.0.1:5173';
    const pre = await fetch(`${api.url}/um/PlayOnPhone`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const challenge = await fetch(`${api.url}/um/messages`, { headers: { Origin: origin } });
    expect(challenge.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/);
    const evil = await fetch(`${api.url}/um/messages`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('message audio, read state and delete with restore', () => {
  // 1 s of mu-law 0x55 becomes 8000 16-bit samples: 44 + 16000 bytes of WAV.
  const WAV_BYTES = 44 + 16000;

  it("serves the owner's recording as 16-bit PCM WAV; another user gets 404 and no bytes", async () => {
    const res = await raw('bob', 'GET', `/um/messages/${bobMessage}/audio`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(WAV_BYTES);
    expect(body.toString('ascii', 0, 4)).toBe('RIFF');
    expect(body.readUInt16LE(20)).toBe(1); // PCM
    expect(body.readUInt16LE(34)).toBe(16);

    const stranger = await raw('alice', 'GET', `/um/messages/${bobMessage}/audio`);
    expect(stranger.status).toBe(404);
    expect(stranger.headers.get('content-type')).toMatch(/json/);
    const leaked = Buffer.from(await stranger.arrayBuffer());
    expect(leaked.includes(Buffer.from('RIFF'))).toBe(false);
    // Nor with a range, nor HEAD (which would tell the size).
    expect(
      (await raw('alice', 'GET', `/um/messages/${bobMessage}/audio`, { Range: 'bytes=0-9' })).status,
    ).toBe(404);
    expect((await raw('alice', 'HEAD', `/um/messages/${bobMessage}/audio`)).status).toBe(404);
    // And without credentials nothing but the challenge.
    expect((await fetch(`${api.url}/um/messages/${bobMessage}/audio`)).status).toBe(401);
  });

  it('answers a byte range with 206 and Content-Range, an unsatisfiable one with 416', async () => {
    const part = await raw('bob', 'GET', `/um/messages/${bobMessage}/audio`, { Range: 'bytes=44-99' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 44-99/${WAV_BYTES}`);
    expect(part.headers.get('content-length')).toBe('56');
    const partBytes = Buffer.from(await part.arrayBuffer());
    const full = Buffer.from(
      await (await raw('bob', 'GET', `/um/messages/${bobMessage}/audio`)).arrayBuffer(),
    );
    expect(partBytes.equals(full.subarray(44, 100))).toBe(true);

    const tail = await raw('bob', 'GET', `/um/messages/${bobMessage}/audio`, { Range: 'bytes=-10' });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${WAV_BYTES - 10}-${WAV_BYTES - 1}/${WAV_BYTES}`);
    await tail.arrayBuffer();

    const beyond = await raw('bob', 'GET', `/um/messages/${bobMessage}/audio`, {
      Range: `bytes=${WAV_BYTES}-`,
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${WAV_BYTES}`);
    await beyond.arrayBuffer();
    // A stale If-Range: the whole (current) audio, 200.
    const stale = await raw('bob', 'GET', `/um/messages/${bobMessage}/audio`, {
      Range: 'bytes=0-9',
      'If-Range': '"old"',
    });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it('marks read and unread, and the count (MWI source) follows', async () => {
    expect(store.summary('bob').newMessages).toBe(1);
    expect(await call('bob', 'PATCH', `/um/messages/${bobMessage}`, { heard: true })).toMatchObject({
      status: 200,
      data: { message: { id: bobMessage, heard: true } },
    });
    expect(store.summary('bob')).toMatchObject({ newMessages: 0, oldMessages: 1 });
    expect((await call('alice', 'PATCH', `/um/messages/${bobMessage}`, { heard: false })).status).toBe(404);
    expect(store.summary('bob').newMessages).toBe(0);
    expect((await call('bob', 'PATCH', `/um/messages/${bobMessage}`, { heard: 'no' })).status).toBe(400);
    await call('bob', 'PATCH', `/um/messages/${bobMessage}`, { heard: false });
    expect(store.summary('bob').newMessages).toBe(1);
  });

  it('deletes to the trash (gone from list, count and audio), restores, and only for the owner', async () => {
    expect((await call('alice', 'DELETE', `/um/messages/${bobMessage}`)).status).toBe(404);
    const deleted = await call('bob', 'DELETE', `/um/messages/${bobMessage}`);
    expect(deleted.status).toBe(200);
    expect(typeof deleted.data.restorableUntil).toBe('string');
    expect((await call('bob', 'GET', '/um/messages')).data.messages).toEqual([]);
    expect(store.summary('bob').newMessages).toBe(0);
    expect((await raw('bob', 'GET', `/um/messages/${bobMessage}/audio`)).status).toBe(404);
    expect((await call('alice', 'POST', `/um/messages/${bobMessage}/restore`)).status).toBe(404);
    expect(await call('bob', 'POST', `/um/messages/${bobMessage}/restore`)).toMatchObject({
      status: 200,
      data: { message: { id: bobMessage } },
    });
    expect((await call('bob', 'GET', '/um/messages')).data.messages).toHaveLength(1);
    expect((await call('bob', 'POST', `/um/messages/${bobMessage}/restore`)).status).toBe(404);
    expect((await call('bob', 'DELETE', '/um/messages/not-an-id')).status).toBe(404);
  });
});

describe('parseRange (RFC 9110 14)', () => {
  it('serves one satisfiable range, clamped to the size', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange('bytes=500-', 1000)).toEqual({ kind: 'partial', start: 500, end: 999 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseRange(' BYTES = 10-19', 1000)).toEqual({ kind: 'partial', start: 10, end: 19 });
  });
  it('is unsatisfiable (416) when no range overlaps the audio', () => {
    expect(parseRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=2000-3000', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=1000-,2000-', 1000)).toEqual({ kind: 'unsatisfiable' });
  });
  it('ignores what it does not understand: the whole audio (200)', () => {
    for (const h of [
      undefined,
      'items=0-1',
      'bytes=5-1',
      'bytes=a-b',
      'bytes=-',
      'bytes=0-1,5-9',
      'bytes=',
      'bytes=1-2-3',
    ])
      expect(parseRange(h, 1000)).toEqual({ kind: 'full' });
    expect(parseRange(`bytes=${'0-1,'.repeat(40)}0-1`, 1000)).toEqual({ kind: 'full' });
    // If-Range with another entity-tag: the client's copy is stale.
    expect(parseRange('bytes=0-9', 1000, '"old"', '"new"')).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-9', 1000, '"new"', '"new"')).toEqual({ kind: 'partial', start: 0, end: 9 });
  });
});

describe('resolveDialString', () => {
  it("accepts only the owner's own address (MS-OCEXUM 3.2 From = To)", () => {
    for (const s of [
      undefined,
      '',
      'bob',
      'bob@umphone.test',
      'sip:bob@umphone.test',
      '<sip:bob@UMPHONE.TEST>',
    ])
      expect(resolveDialString(s, 'bob', 'umphone.test')).toBe('sip:bob@umphone.test');
    for (const s of [
      'alice',
      'sip:bob@evil.example',
      'sip:bob@umphone.test:5099',
      'sip:bob@umphone.test;maddr=1.2.3.4',
    ])
      expect(() => resolveDialString(s, 'bob', 'umphone.test')).toThrow(/own phone/);
    expect(() => resolveDialString(42, 'bob', 'umphone.test')).toThrow();
    expect(() => resolveDialString('sip:', 'bob', 'umphone.test')).toThrow();
  });
});

describe('allowed origins', () => {
  it('default: 127.0.0.1 and localhost on any port', () => {
    expect(originAllowed('http://127.0.0.1:5173', DEFAULT_ALLOWED_ORIGINS)).toBe(true);
    expect(originAllowed('https://localhost:4317', DEFAULT_ALLOWED_ORIGINS)).toBe(true);
    expect(originAllowed('http://127.0.0.1.evil.example', DEFAULT_ALLOWED_ORIGINS)).toBe(false);
    expect(originAllowed('null', DEFAULT_ALLOWED_ORIGINS)).toBe(false);
  });
  it('from LAB_UM_ALLOWED_ORIGINS', () => {
    const rules = parseAllowedOrigins('http://a.test:1, https://b.test/') ?? [];
    expect(originAllowed('https://b.test', rules)).toBe(true);
    expect(originAllowed('http://a.test:2', rules)).toBe(false);
    expect(parseAllowedOrigins('')).toBeUndefined();
  });
});
