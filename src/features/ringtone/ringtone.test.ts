import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ringtone, type RingAudioContext } from './ringtone';

/** Just enough of an AudioContext to count what the ringtone schedules. */
function fakeContext(initial: AudioContextState = 'running') {
  const param = () => ({ setValueAtTime: vi.fn(), linearRampToValueAtTime: vi.fn() });
  const node = () => ({ connect: vi.fn(), disconnect: vi.fn() });
  const oscillators: Array<{ frequency: number }> = [];
  const ctx = {
    state: initial,
    currentTime: 0,
    destination: {},
    createGain: vi.fn(() => ({ ...node(), gain: param() })),
    createOscillator: vi.fn(() => {
      const osc = {
        ...node(),
        type: 'sine',
        frequency: {
          setValueAtTime: (f: number) => oscillators.push({ frequency: f }),
        },
        start: vi.fn(),
        stop: vi.fn(),
        onended: null,
      };
      return osc;
    }),
    resume: vi.fn(() => Promise.reject(new Error('NotAllowedError: no user gesture'))),
    suspend: vi.fn(() => Promise.resolve()),
    close: vi.fn(() => Promise.resolve()),
  };
  return { ctx, oscillators, asContext: ctx as unknown as RingAudioContext };
}

describe('Ringtone', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rings on the chosen output device through AudioContext.setSinkId, now and after a change', () => {
    const { ctx, asContext } = fakeContext();
    const setSinkId = vi.fn(() => Promise.resolve());
    Object.assign(ctx, { setSinkId });
    const ringtone = new Ringtone(() => asContext);
    ringtone.setSinkId('ringer-1');
    ringtone.start(false);
    expect(setSinkId).toHaveBeenCalledWith('ringer-1');
    ringtone.setSinkId('');
    expect(setSinkId).toHaveBeenLastCalledWith('');
    ringtone.dispose();
  });

  it('prepare() makes the context ahead of the first ring, asleep, and the ring then uses it', () => {
    const { ctx, asContext } = fakeContext();
    const factory = vi.fn(() => asContext);
    const ringtone = new Ringtone(factory);
    ringtone.prepare();
    expect(factory).toHaveBeenCalledTimes(1);
    expect(ctx.suspend).toHaveBeenCalledTimes(1);
    ringtone.prepare();
    ringtone.start(true);
    expect(factory).toHaveBeenCalledTimes(1);
    expect(ringtone.ringing).toBe(true);
    ringtone.dispose();
  });

  it('does nothing, and throws nothing, without Web Audio', () => {
    const ringtone = new Ringtone(() => undefined);
    expect(() => ringtone.start(false)).not.toThrow();
    expect(ringtone.ringing).toBe(false);
    expect(() => {
      ringtone.unlock();
      ringtone.stop();
      ringtone.dispose();
    }).not.toThrow();
  });

  it('survives a suspended context whose resume() is refused (autoplay policy)', async () => {
    const fake = fakeContext('suspended');
    const ringtone = new Ringtone(() => fake.asContext);
    expect(() => ringtone.start(false)).not.toThrow();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.ctx.resume).toHaveBeenCalled();
    expect(fake.oscillators).toHaveLength(0);
    ringtone.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('says when the browser blocks the ring, and when a gesture unblocks it', async () => {
    const fake = fakeContext('suspended');
    const changes: boolean[] = [];
    const ringtone = new Ringtone(
      () => fake.asContext,
      (blocked) => changes.push(blocked),
    );
    ringtone.start(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ringtone.blocked).toBe(true);
    // The user clicks: the context may run now.
    fake.ctx.state = 'running';
    ringtone.unlock();
    await vi.advanceTimersByTimeAsync(300);
    expect(ringtone.blocked).toBe(false);
    expect(fake.oscillators.length).toBeGreaterThan(0);
    ringtone.stop();
    expect(changes).toEqual([true, false]);
  });

  it('rings once the context runs, with the higher tones when urgent', () => {
    const normal = fakeContext();
    new Ringtone(() => normal.asContext).start(false);
    const urgent = fakeContext();
    new Ringtone(() => urgent.asContext).start(true);
    expect(normal.oscillators.length).toBeGreaterThan(0);
    expect(Math.min(...urgent.oscillators.map((o) => o.frequency))).toBeGreaterThan(
      Math.max(...normal.oscillators.map((o) => o.frequency)),
    );
  });

  it('stops scheduling when stopped', async () => {
    const fake = fakeContext();
    const ringtone = new Ringtone(() => fake.asContext);
    ringtone.start(false);
    const scheduled = fake.oscillators.length;
    ringtone.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.oscillators.length).toBe(scheduled);
    expect(ringtone.ringing).toBe(false);
  });
});
