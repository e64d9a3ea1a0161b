import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/settings';
import { PhoneClient } from './phone-client';

function clientWith(patch: Partial<typeof DEFAULT_SETTINGS>) {
  const onRegistrationChange = vi.fn();
  const client = new PhoneClient({
    settings: { ...DEFAULT_SETTINGS, ...patch },
    password: 'pw',
    delegate: { onRegistrationChange },
    presence: 'available',
  });
  return { client, onRegistrationChange };
}

describe('PhoneClient configuration (header injection through settings or the embed API)', () => {
  it('refuses an AOR that carries a line break: connect() fails with a reason and sends nothing', () => {
    const { client, onRegistrationChange } = clientWith({ aor: 'sip:alice@umphone.test\r\nX-Evil: 1' });
    client.connect();
    expect(onRegistrationChange).toHaveBeenCalledWith(
      'failed',
      { kind: 'invalid-address', address: 'sip:alice@umphone.test\r\nX-Evil: 1' },
      undefined,
    );
  });
  it('refuses an auth user that could leave its quoted-string or start a header', () => {
    for (const authUser of ['alice"', 'al\\ice', 'alice\r\nX-Evil: 1']) {
      const { client, onRegistrationChange } = clientWith({ authUser });
      client.connect();
      expect(onRegistrationChange).toHaveBeenCalledWith('failed', { kind: 'unsafe-auth-user' }, undefined);
    }
  });
  it('accepts ordinary settings (display names are escaped, not refused)', () => {
    expect(
      clientWith({ displayName: 'Alice "Al" \\ Smith', authUser: 'alice' }).client.configProblem,
    ).toBeUndefined();
  });
});
