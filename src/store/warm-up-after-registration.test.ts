import { describe, expect, it } from 'vitest';
import type { PhoneClientFactory, PhoneClientInit } from '../sip/phone-client-like';
import type { RegistrationState } from '../sip/call-state';
import { DEFAULT_SETTINGS } from '../config/settings';
import { fakePhoneClients } from './testing/fake-phone-client';
import { warmUpAfterRegistration } from './warm-up-after-registration';

function setup() {
  const sip = fakePhoneClients({ callId: 'id1', voicemailId: 'id2' });
  let delegateSeen: PhoneClientInit['delegate'] | undefined;
  const factory: PhoneClientFactory = (init) => {
    delegateSeen = init.delegate;
    return sip.factory(init);
  };
  const idleQueue: Array<() => void> = [];
  const warmedFor: string[] = [];
  const wrapped = warmUpAfterRegistration(
    factory,
    (aor) => void warmedFor.push(aor),
    (task) => void idleQueue.push(task),
  );
  const states: string[] = [];
  const calls: string[] = [];
  const init: PhoneClientInit = {
    settings: { ...DEFAULT_SETTINGS, aor: 'sip:bob@example.test' },
    password: 'pw',
    presence: 'available',
    delegate: {
      onRegistrationChange: (s) => void states.push(s),
      onCallUpdate: (c) => void calls.push(c.id),
    },
  };
  const report = (s: RegistrationState) => delegateSeen!.onRegistrationChange!(s);
  return { wrapped, init, idleQueue, warmedFor, states, calls, report, delegate: () => delegateSeen! };
}

describe('warmUpAfterRegistration', () => {
  it('warms up in idle time after the first registration, once, for the AOR signed in', () => {
    const t = setup();
    t.wrapped(t.init);
    t.report('connecting');
    expect(t.idleQueue).toHaveLength(0);
    t.report('registered');
    // Scheduled, not run inside the registration's own task.
    expect(t.warmedFor).toEqual([]);
    expect(t.idleQueue).toHaveLength(1);
    t.idleQueue.shift()!();
    expect(t.warmedFor).toEqual(['sip:bob@example.test']);
    // Registered again (a refresh, a reconnect, a second client): compiled code stays compiled.
    t.report('registered');
    t.wrapped(t.init);
    t.report('registered');
    expect(t.idleQueue).toHaveLength(0);
    expect(t.states).toEqual(['connecting', 'registered', 'registered', 'registered']);
  });

  it('passes every other delegate call through unchanged', () => {
    const t = setup();
    t.wrapped(t.init);
    t.delegate().onCallUpdate!({ id: 'c1' } as never);
    expect(t.calls).toEqual(['c1']);
  });

  it('a warm-up that throws stays inside the idle task', () => {
    const idle: Array<() => void> = [];
    const wrapped = warmUpAfterRegistration(
      (init) => {
        init.delegate.onRegistrationChange?.('registered');
        return fakePhoneClients({ callId: 'a', voicemailId: 'b' }).factory(init);
      },
      () => {
        throw new Error('boom');
      },
      (task) => void idle.push(task),
    );
    wrapped({ settings: DEFAULT_SETTINGS, password: '', presence: 'available', delegate: {} });
    expect(() => idle.shift()!()).not.toThrow();
  });
});
