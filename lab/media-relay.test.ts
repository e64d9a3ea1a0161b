import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labConfigFromEnv, resolveLabConfig } from './lab';
import { pingRelay, startMediaRelay } from './media-relay';

const dir = mkdtempSync(path.join(tmpdir(), 'media-relay-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('media relay (rtpengine in user space)', () => {
  it('is on by default, LAB_MEDIA_RELAY=0 turns it off, and the ports are checked', () => {
    expect(resolveLabConfig({}).mediaRelay).toBe(true);
    expect(labConfigFromEnv({ LAB_MEDIA_RELAY: '0' })).toMatchObject({ mediaRelay: false });
    expect(labConfigFromEnv({ LAB_MEDIA_RELAY_NG_PORT: '2223' })).toMatchObject({ mediaRelayNgPort: 2223 });
    expect(() => resolveLabConfig({ mediaRelayPortMin: 40000, mediaRelayPortMax: 40001 })).toThrow(
      /10 apart/,
    );
  });

  it('answers ng ping once started, and stop() leaves no process behind', async () => {
    const relay = await startMediaRelay({
      bin: 'rtpengine',
      host: '127.0.0.1',
      ngPort: 0,
      portMin: 46000,
      portMax: 46100,
      logFile: path.join(dir, 'rtpengine.log'),
      pidFile: path.join(dir, 'rtpengine.pid'),
      cwd: dir,
      useSetpriv: false,
      echoLog: false,
      startTimeoutMs: 5000,
    });
    expect(relay.ngPort).toBeGreaterThan(0);
    expect(await pingRelay('127.0.0.1', relay.ngPort)).toBe(true);
    await relay.stop();
    expect(alive(relay.pid)).toBe(false);
    expect(await pingRelay('127.0.0.1', relay.ngPort)).toBe(false);
  });
});
