import { describe, expect, it } from 'vitest';
import type { CallLog, CallLogEntry } from '../calllog';
import type { AudioPlayer } from '../media/player';
import type { MediaLeg } from '../media/leg';
import type { Dialog } from '../sip/dialog';
import { MAX_LOGGED_DIGITS, MAX_TYPE_AHEAD, UmCall } from './call';

/** A call whose media leg delivers the digits the test sends (RFC 4733 events, as received). */
function callWithKeypad() {
  let send: (digit: string) => void = () => undefined;
  const media = { onDigit: (listener: (digit: string) => void) => (send = listener) };
  const dialog = { ended: undefined, onEnd: () => undefined };
  let changes = 0;
  const entry = { digits: [] as string[] } as unknown as CallLogEntry;
  const call = new UmCall(
    dialog as unknown as Dialog,
    media as unknown as MediaLeg,
    {} as AudioPlayer,
    entry,
    { changed: () => changes++ } as unknown as CallLog,
  );
  return { call, entry, press: (digit: string) => send(digit), changes: () => changes };
}

describe('UmCall digits', () => {
  it('keeps what a prompt reads, typed ahead, and the log, both bounded against a stream of key presses', async () => {
    const { call, entry, press, changes } = callWithKeypad();
    for (let i = 0; i < 10_000; i++) press(String(i % 10));
    expect(entry.digits).toHaveLength(MAX_LOGGED_DIGITS);
    expect(changes()).toBe(MAX_LOGGED_DIGITS);
    // The latest kept: 10,000 presses of 0-9 end with ...6789, the last 32 of them.
    const typedAhead = await call.collect({ maxDigits: 1000, firstDigitMs: 1, interDigitMs: 1 });
    expect(typedAhead).toBe('0123456789'.repeat(4).slice(-MAX_TYPE_AHEAD));
  });

  it('keeps what was typed last: a PIN and its # after a stream of junk', async () => {
    const { call, press } = callWithKeypad();
    for (const digit of `${'*'.repeat(100)}1234#`) press(digit);
    const typedAhead = await call.collect({ maxDigits: 1000, firstDigitMs: 1, interDigitMs: 1 });
    expect(typedAhead).toBe(`${'*'.repeat(MAX_TYPE_AHEAD - 5)}1234#`);
  });

  it('a PIN typed ahead of its prompt is read whole', async () => {
    const { call, press } = callWithKeypad();
    for (const digit of '1234567890123456#') press(digit);
    expect(await call.collect({ maxDigits: 16, terminator: '#', firstDigitMs: 1, interDigitMs: 1 })).toBe(
      '1234567890123456',
    );
  });
});
