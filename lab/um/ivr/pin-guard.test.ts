import { describe, expect, it } from 'vitest';
import { CallLog } from '../calllog';
import type { MailboxStore } from '../mailbox/store';
import type { PromptLibrary } from '../prompts';
import type { UmCall } from './call';
import { PinGuard } from './pin-guard';
import { runSubscriberAccess } from './subscriber-access';

describe('PinGuard', () => {
  it('locks a mailbox after maxFailures wrong PINs in a row, for lockMs, then twice as long', () => {
    let now = 0;
    const guard = new PinGuard({ maxFailures: 3, lockMs: 1000, maxLockMs: 5000 }, () => now);
    expect([guard.failed('bob'), guard.failed('bob'), guard.failed('bob')]).toEqual([false, false, true]);
    expect(guard.isLocked('bob')).toBe(true);
    expect(guard.isLocked('carol')).toBe(false);
    now = 999;
    expect(guard.isLocked('bob')).toBe(true);
    now = 1000;
    expect(guard.isLocked('bob')).toBe(false);
    guard.failed('bob');
    guard.failed('bob');
    expect(guard.failed('bob')).toBe(true);
    now = 1000 + 1999;
    expect(guard.isLocked('bob')).toBe(true);
    now = 1000 + 2000;
    expect(guard.isLocked('bob')).toBe(false);
  });

  it('never locks for longer than maxLockMs', () => {
    let now = 0;
    const guard = new PinGuard({ maxFailures: 1, lockMs: 1000, maxLockMs: 3000 }, () => now);
    for (let i = 0; i < 5; i++) {
      guard.failed('bob');
      now += 3000;
    }
    guard.failed('bob');
    now += 2999;
    expect(guard.isLocked('bob')).toBe(true);
    now += 1;
    expect(guard.isLocked('bob')).toBe(false);
  });

  it('a right PIN starts the count again', () => {
    const guard = new PinGuard({ maxFailures: 3 }, () => 0);
    guard.failed('bob');
    guard.failed('bob');
    guard.succeeded('bob');
    expect([guard.failed('bob'), guard.failed('bob')]).toEqual([false, false]);
    expect(guard.isLocked('bob')).toBe(false);
  });
});

/** A subscriber-access call whose caller types `pins` at the PIN prompts and # at the menu. */
function scriptedCall(log: CallLog, pins: Array<string | Promise<string>>) {
  const entry = log.start({ kind: 'subscriber-access', mailbox: 'bob', caller: 'sip:bob@x', sipCallId: 'c' });
  const call = {
    entry,
    hungUp: false,
    pause: () => Promise.resolve(),
    say: (name: string) => {
      entry.prompts.push(name);
      return Promise.resolve();
    },
    collect: () => Promise.resolve(pins.shift() ?? ''),
    clearDigits: () => undefined,
    nextDigit: () => Promise.resolve('#'),
    hangUp: () => {
      call.hungUp = true;
      return Promise.resolve();
    },
  };
  return call;
}

const prompts = {
  get: () => Promise.resolve(Buffer.alloc(0)),
  speak: () => Promise.resolve(Buffer.alloc(0)),
};
const store = { summary: () => ({ newMessages: 0, oldMessages: 0, urgentNew: 0 }), list: () => [] };

async function callIn(guard: PinGuard, pins: Array<string | Promise<string>>, pin = '4321') {
  const log = new CallLog();
  const call = scriptedCall(log, pins);
  await runSubscriberAccess({
    call: call as unknown as UmCall,
    callLog: log,
    store: store as unknown as MailboxStore,
    prompts: prompts as unknown as PromptLibrary,
    mailbox: 'bob',
    pin,
    skipPin: false,
    pinGuard: guard,
  });
  return { outcome: call.entry.outcome, prompts: call.entry.prompts, hungUp: call.hungUp };
}

describe('subscriber access with the PIN guard', () => {
  it('counts wrong PINs across calls; once locked, even the right PIN is not asked for', async () => {
    const guard = new PinGuard({ maxFailures: 4 });
    expect((await callIn(guard, ['1', '2', '3'])).outcome).toBe('pin-failed');
    // The fourth wrong PIN in a row locks the mailbox at once: no further prompt in this call.
    const fourth = await callIn(guard, ['4', '4321']);
    expect(fourth.outcome).toBe('pin-locked');
    expect(fourth.prompts).toEqual(['pin-prompt', 'pin-wrong', 'pin-locked', 'goodbye']);
    const right = await callIn(guard, ['4321']);
    expect(right).toEqual({ outcome: 'pin-locked', prompts: ['pin-locked', 'goodbye'], hungUp: true });
  });

  it('a call already at the prompt when another call locks the mailbox: its right PIN is not taken', async () => {
    const guard = new PinGuard({ maxFailures: 3 });
    let type: (digits: string) => void = () => undefined;
    const typed = new Promise<string>((resolve) => (type = resolve));
    const waiting = callIn(guard, [typed]);
    // Meanwhile other calls spend the mailbox's tries.
    expect((await callIn(guard, ['1', '2', '3'])).outcome).toBe('pin-locked');
    type('4321');
    expect(await waiting).toEqual({
      outcome: 'pin-locked',
      prompts: ['pin-prompt', 'pin-locked', 'goodbye'],
      hungUp: true,
    });
    expect(guard.isLocked('bob')).toBe(true);
  });

  it('a right PIN opens the mailbox and clears the count', async () => {
    const guard = new PinGuard({ maxFailures: 4 });
    await callIn(guard, ['1', '2', '3']);
    expect((await callIn(guard, ['4321'])).outcome).toBe('completed');
    expect((await callIn(guard, ['1', '2', '3'])).outcome).toBe('pin-failed');
    expect(guard.isLocked('bob')).toBe(false);
  });

  it('no PIN set: nothing typed opens the mailbox', async () => {
    expect((await callIn(new PinGuard(), ['', '', ''], '')).outcome).toBe('pin-failed');
  });
});
