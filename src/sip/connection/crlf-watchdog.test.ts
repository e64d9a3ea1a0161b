import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CrlfWatchdog, type WatchedConnection } from './crlf-watchdog';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A connection whose server answers pings while `answering`; `say` is the server talking. */
function connection(answering: { pongs: boolean }) {
  let listener: ((what: 'pong' | 'message') => void) | undefined;
  const pings: number[] = [];
  const c: WatchedConnection = {
    ping: () => {
      pings.push(Date.now());
      if (answering.pongs) queueMicrotask(() => listener?.('pong'));
      return Promise.resolve();
    },
    onHeard: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
  };
  return { c, pings, say: () => listener?.('message') };
}

describe('CrlfWatchdog', () => {
  it('stays quiet while every ping is answered, and pings only after an idle spell', async () => {
    const server = connection({ pongs: true });
    const onDead = vi.fn();
    const w = new CrlfWatchdog(server.c, { idleMs: 2000, silenceMs: 2500, onDead });
    w.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onDead).not.toHaveBeenCalled();
    expect(w.judging).toBe(true);
    // One ping at start, then one per idle spell: 1 + 60 s / 2 s.
    expect(server.pings).toHaveLength(31);
    w.stop();
  });

  it('other traffic counts as an answer: no ping while the server talks', async () => {
    const server = connection({ pongs: true });
    const w = new CrlfWatchdog(server.c, { idleMs: 2000, silenceMs: 2500, onDead: vi.fn() });
    w.start();
    await vi.advanceTimersByTimeAsync(0);
    const before = server.pings.length;
    for (let i = 0; i < 20; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      server.say();
    }
    expect(server.pings).toHaveLength(before);
    w.stop();
  });

  it('fires once, idle + silence after the server fell silent', async () => {
    const answering = { pongs: true };
    const server = connection(answering);
    const onDead = vi.fn();
    const w = new CrlfWatchdog(server.c, { idleMs: 2000, silenceMs: 2500, onDead });
    w.start();
    await vi.advanceTimersByTimeAsync(5000);
    answering.pongs = false;
    // The last pong came with the ping at 4 s: a ping at 6 s goes unanswered, the verdict at 8.5 s.
    await vi.advanceTimersByTimeAsync(3499);
    expect(onDead).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(onDead).toHaveBeenCalledWith(4500);
    expect(w.active).toBe(false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('never judges a server that has not answered a ping on this connection', async () => {
    const server = connection({ pongs: false });
    const onDead = vi.fn();
    const w = new CrlfWatchdog(server.c, { idleMs: 2000, silenceMs: 2500, onDead });
    w.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onDead).not.toHaveBeenCalled();
    expect(w.judging).toBe(false);
    expect(server.pings.length).toBeGreaterThan(10);
    w.stop();
  });

  it('stop() ends it: no ping, no verdict afterwards', async () => {
    const server = connection({ pongs: true });
    const onDead = vi.fn();
    const w = new CrlfWatchdog(server.c, { idleMs: 2000, silenceMs: 2500, onDead });
    w.start();
    await vi.advanceTimersByTimeAsync(100);
    w.stop();
    const sent = server.pings.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.pings).toHaveLength(sent);
    expect(onDead).not.toHaveBeenCalled();
  });
});
