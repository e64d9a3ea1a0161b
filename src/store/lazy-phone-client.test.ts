import { describe, expect, it } from 'vitest';
import type { PhoneClientFactory, PhoneClientInit } from '../sip/phone-client-like';
import { fakePhoneClients } from './testing/fake-phone-client';
import { lazyPhoneClient } from './lazy-phone-client';
import { DEFAULT_SETTINGS } from '../config/settings';

function recorder() {
  const sip = fakePhoneClients({ callId: 'id1', voicemailId: 'id2' });
  const log = sip.asked;
  const factory: PhoneClientFactory = (init) => {
    log.push(`create ${init.presence}`);
    return sip.factory(init);
  };
  return { log, factory };
}

const states: string[] = [];
const init: PhoneClientInit = {
  settings: DEFAULT_SETTINGS,
  password: 'pw',
  presence: 'available',
  delegate: { onRegistrationChange: (s, d) => void states.push(`${s} ${d ? JSON.stringify(d) : d}`) },
};

describe('lazyPhoneClient', () => {
  it('loads the real client on connect, with the presence chosen meanwhile', async () => {
    const { log, factory } = recorder();
    const client = lazyPhoneClient(async () => factory)(init);
    expect(() => client.call('bob', { purpose: 'call' })).toThrow(
      expect.objectContaining({ reason: { kind: 'not-connected' } }),
    );
    client.setPresence('dnd');
    client.connect();
    await Promise.resolve();
    await Promise.resolve();
    expect(log).toEqual(['create dnd', 'connect']);
    expect(client.call('bob', { purpose: 'call' })).toBe('id1');
    client.answer('x');
    expect(log.slice(-2)).toEqual(['call bob call - -', 'answer x']);
  });

  it('never creates a client that was disposed while loading', async () => {
    const { log, factory } = recorder();
    const client = lazyPhoneClient(async () => factory)(init);
    client.connect();
    client.dispose();
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual([]);
  });

  it('preload() fetches the chunk once, ahead of connect(), which then uses it', async () => {
    const { log, factory } = recorder();
    let loads = 0;
    const lazy = lazyPhoneClient(async () => {
      loads++;
      return factory;
    });
    lazy.preload();
    lazy.preload();
    await new Promise((r) => setTimeout(r, 0));
    expect(loads).toBe(1);
    expect(log).toEqual([]); // fetched, but no client made before Sign in
    lazy(init).connect();
    await new Promise((r) => setTimeout(r, 0));
    expect(loads).toBe(1);
    expect(log).toEqual(['create available', 'connect']);
  });

  it('once loaded, connect() makes and connects the real client in the same task', async () => {
    const { log, factory } = recorder();
    const lazy = lazyPhoneClient(async () => factory);
    lazy.preload();
    await new Promise((r) => setTimeout(r, 0));
    const client = lazy(init);
    client.connect();
    expect(log).toEqual(['create available', 'connect']); // no await: synchronous
    expect(client.call('bob', { purpose: 'call' })).toBe('id1');
  });

  it('a preload that failed is tried again by connect(), which reports a second failure', async () => {
    let loads = 0;
    const lazy = lazyPhoneClient(() => {
      loads++;
      return Promise.reject(new Error(`offline ${loads}`));
    });
    lazy.preload();
    await new Promise((r) => setTimeout(r, 0));
    lazy(init).connect();
    await new Promise((r) => setTimeout(r, 0));
    expect(loads).toBe(2);
    expect(states).toContain('failed {"kind":"client-not-loaded","error":"offline 2"}');
    expect(states).not.toContain('failed {"kind":"client-not-loaded","error":"offline 1"}');
  });

  it('reports a chunk that fails to load as a failed registration', async () => {
    const client = lazyPhoneClient(() => Promise.reject(new Error('offline')))(init);
    client.connect();
    await new Promise((r) => setTimeout(r, 0));
    expect(states).toContain('failed {"kind":"client-not-loaded","error":"offline"}');
  });
});
