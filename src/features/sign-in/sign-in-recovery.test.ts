/**
 * A sign-in that recovers (issue 15): a failure before the first registration returns to the form
 * with the error at the right field and the password still in memory; a loss after it reconnects,
 * with "Retry now" and "Change settings". The password is never written to storage.
 */
import { describe, expect, it } from 'vitest';
import { createPhoneStore } from '../../store';
import { DEFAULT_SETTINGS } from '../../config/settings';
import { fakePhoneClients } from '../../store/testing/fake-phone-client';
import { problemField } from './sign-in-problem';

const PASSWORD = 'correct-horse-7';

/** A Storage that keeps every value ever written, so a test can search all of them. */
function recordingStorage() {
  const values = new Map<string, string>();
  const written: string[] = [];
  const storage = {
    getItem: (k: string) => values.get(k) ?? null,
    setItem: (k: string, v: string) => {
      written.push(`${k}=${v}`);
      values.set(k, v);
    },
    removeItem: (k: string) => void values.delete(k),
  } as unknown as Storage;
  return { storage, written };
}

function harness() {
  const sip = fakePhoneClients();
  const { storage, written } = recordingStorage();
  const store = createPhoneStore({ createClient: sip.factory, storage, now: () => 1000 });
  const actions = () => store.getState().actions;
  return { sip, store, actions, written };
}

describe('a sign-in that recovers', () => {
  it('an unreachable server before the first registration stops trying and returns to the form', () => {
    const { sip, store, actions, written } = harness();
    actions().signIn(DEFAULT_SETTINGS, PASSWORD);
    const reason = { kind: 'cannot-reach', server: 'ws://127.0.0.1:1', error: 'closed' } as const;
    sip.last.delegate.onRegistrationChange?.('reconnecting', reason, 5000);
    expect(sip.asked).toEqual(['connect', 'dispose']);
    expect(store.getState().registration).toBe('failed');
    expect(store.getState().registrationReason).toEqual(reason);
    expect(store.getState().nextRetryAt).toBeUndefined();
    expect(actions().retryPassword()).toBe(PASSWORD);
    expect(written.join('\n')).not.toContain(PASSWORD);
  });

  it('a loss after registering keeps reconnecting; Retry now asks the client to try at once', () => {
    const { sip, store, actions } = harness();
    actions().signIn(DEFAULT_SETTINGS, PASSWORD);
    sip.last.delegate.onRegistrationChange?.('registered');
    sip.last.delegate.onRegistrationChange?.('reconnecting', { kind: 'connection-closed' }, 9000);
    expect(store.getState().registration).toBe('reconnecting');
    expect(store.getState().nextRetryAt).toBe(9000);
    actions().retryNow();
    expect(sip.asked).toEqual(['connect', 'check-connection']);
  });

  it('the next attempt of a first connection is not a failure', () => {
    const { sip, store, actions } = harness();
    actions().signIn(DEFAULT_SETTINGS, PASSWORD);
    sip.last.delegate.onRegistrationChange?.('reconnecting', { kind: 'connecting' });
    expect(store.getState().registration).toBe('reconnecting');
    expect(sip.asked).toEqual(['connect']);
  });

  it('Change settings returns to the form with the password in memory; Sign out forgets it', () => {
    const { store, actions, written } = harness();
    actions().signIn(DEFAULT_SETTINGS, PASSWORD);
    actions().changeSettings();
    expect(store.getState().registration).toBe('signed-out');
    expect(actions().retryPassword()).toBe(PASSWORD);
    actions().signIn(DEFAULT_SETTINGS, actions().retryPassword());
    actions().signOut();
    expect(actions().retryPassword()).toBe('');
    expect(written.join('\n')).not.toContain(PASSWORD);
  });

  it('points each reason at the field it concerns', () => {
    expect(problemField({ kind: 'credentials-refused', status: 403 })).toBe('password');
    expect(problemField({ kind: 'cannot-reach', server: 'x', error: 'y' })).toBe('serverUrl');
    expect(problemField({ kind: 'connection-closed' })).toBe('serverUrl');
    expect(problemField({ kind: 'invalid-address', address: 'x' })).toBe('aor');
    expect(problemField({ kind: 'unsafe-auth-user' })).toBe('authUser');
    expect(problemField({ kind: 'register-refused', status: 404 })).toBe('aor');
    expect(problemField({ kind: 'register-refused', status: 503 })).toBe('serverUrl');
  });
});
