import { afterEach, describe, expect, it } from 'vitest';
import { AHEAD_SLACK_SECONDS, Recorder } from './recorder';

const open: Recorder[] = [];
afterEach(() => {
  for (const r of open.splice(0)) r.close();
});

/** A recorder on a clock the test moves (ms). */
function recorder(maxSeconds = 60) {
  let t = 1000;
  const r = new Recorder(maxSeconds, () => t);
  open.push(r);
  return { r, advance: (ms: number) => (t += ms) };
}

/** 20 ms of PCMU (160 samples of 8000 Hz) at RTP timestamp `timestamp`. */
const pcmu = (timestamp: number) => ({ timestamp, payload: Buffer.alloc(160, 0x7f) });

describe('Recorder', () => {
  it('places packets by timestamp, a lost one becoming silence', () => {
    const { r, advance } = recorder();
    r.push(pcmu(5000));
    advance(40);
    r.push(pcmu(5000 + 320)); // the packet at +160 was lost
    expect(r.durationSeconds).toBeCloseTo(0.06);
    expect(r.dropped).toBe(0);
  });

  it('keeps no packet from further ahead than the time the recording has taken, plus slack', () => {
    const { r, advance } = recorder();
    r.push(pcmu(0));
    // Sent at once, stamped a minute later: a minute of silence for two packets, before.
    r.push(pcmu(60 * 8000));
    expect(r.durationSeconds).toBeCloseTo(0.02);
    expect(r.dropped).toBe(1);
    // Within the slack (jitter, clock drift), and once the time has passed, it is recorded.
    r.push(pcmu((AHEAD_SLACK_SECONDS - 0.5) * 8000));
    expect(r.durationSeconds).toBeCloseTo(AHEAD_SLACK_SECONDS - 0.48);
    advance(30_000);
    r.push(pcmu(31 * 8000));
    expect(r.durationSeconds).toBeCloseTo(31.02);
    expect(r.dropped).toBe(1);
  });
});
