import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeepAlive } from './keep-alive';

/** A probe whose answer the test controls: the proxy answers, stays silent, or the send fails. */
function scriptedProbe() {
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const probe = vi.fn(
    () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject: (e) => reject(e) })),
  );
  return { probe, pending };
}

describe('KeepAlive', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('probes every interval while the proxy answers, and never declares it dead', async () => {
    const { probe, pending } = scriptedProbe();
    const onDead = vi.fn();
    const k = new KeepAlive({ intervalMs: 10_000, timeoutMs: 5000, probe, onDead });
    k.start();
    expect(probe).not.toHaveBeenCalled();
    for (let i = 1; i <= 3; i++) {
      await vi.advanceTimersByTimeAsync(10_000);
      expect(probe).toHaveBeenCalledTimes(i);
      await vi.advanceTimersByTimeAsync(200);
      pending[i - 1]!.resolve();
      await vi.advanceTimersByTimeAsync(0);
    }
    await vi.advanceTimersByTimeAsync(4000);
    expect(onDead).not.toHaveBeenCalled();
    k.stop();
  });

  it('declares a silent proxy (half-open connection) dead once, within interval + timeout', async () => {
    const { probe } = scriptedProbe();
    const onDead = vi.fn();
    const k = new KeepAlive({ intervalMs: 10_000, timeoutMs: 5000, probe, onDead });
    k.start();
    await vi.advanceTimersByTimeAsync(14_999);
    expect(onDead).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(onDead.mock.calls[0]![0]).toMatchObject({ kind: 'keep-alive-unanswered' });
    expect(k.active).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('declares the connection dead when the probe cannot be sent', async () => {
    const onDead = vi.fn();
    const k = new KeepAlive({
      intervalMs: 1000,
      timeoutMs: 5000,
      probe: () => Promise.reject(new Error('Not connected.')),
      onDead,
    });
    k.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(onDead).toHaveBeenCalledWith({ kind: 'keep-alive-unsent', error: 'Not connected.' });
  });

  it('ignores a late answer after stop(), and a stopped keep-alive never fires', async () => {
    const { probe, pending } = scriptedProbe();
    const onDead = vi.fn();
    const k = new KeepAlive({ intervalMs: 1000, timeoutMs: 500, probe, onDead });
    k.start();
    await vi.advanceTimersByTimeAsync(1000);
    k.stop();
    pending[0]!.resolve();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onDead).not.toHaveBeenCalled();
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('probeNow() checks at once (page visible again) and keeps the schedule afterwards', async () => {
    const { probe, pending } = scriptedProbe();
    const onDead = vi.fn();
    const k = new KeepAlive({ intervalMs: 10_000, timeoutMs: 2000, probe, onDead });
    k.start();
    await vi.advanceTimersByTimeAsync(3000);
    k.probeNow();
    expect(probe).toHaveBeenCalledTimes(1);
    pending[0]!.resolve();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(probe).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(probe).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });
});
