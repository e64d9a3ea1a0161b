import { describe, expect, it } from 'vitest';
import { deviceChoices, levelFromSamples } from './devices';

const names = {
  systemDefault: 'System default',
  unnamed: (n: number) => `Device ${n}`,
  missing: 'Not connected',
};

describe('deviceChoices', () => {
  const devices = [
    { deviceId: 'default', kind: 'audioinput', label: 'Default - Mic' },
    { deviceId: 'm1', kind: 'audioinput', label: 'Headset mic' },
    { deviceId: 'm2', kind: 'audioinput', label: '' },
    { deviceId: 'm1', kind: 'audioinput', label: 'Headset mic' },
    { deviceId: 's1', kind: 'audiooutput', label: 'Speakers' },
    { deviceId: 'v1', kind: 'videoinput', label: 'Camera' },
  ];
  it('lists the default first, then each device of the kind once, naming unlabelled ones', () => {
    expect(deviceChoices(devices, 'audioinput', names)).toEqual([
      { value: '', label: 'System default' },
      { value: 'm1', label: 'Headset mic' },
      { value: 'm2', label: 'Device 2' },
    ]);
    expect(deviceChoices(devices, 'audiooutput', names).map((c) => c.value)).toEqual(['', 's1']);
  });
  it('keeps a remembered device that is not plugged in', () => {
    expect(deviceChoices(devices, 'audiooutput', names, 'gone').at(-1)).toEqual({
      value: 'gone',
      label: 'Not connected',
    });
  });
});

describe('levelFromSamples', () => {
  it('is 0 for silence and grows with loudness, capped at 1', () => {
    expect(levelFromSamples(new Uint8Array(64).fill(128))).toBe(0);
    expect(levelFromSamples([])).toBe(0);
    const quiet = levelFromSamples(Uint8Array.from({ length: 64 }, (_, i) => (i % 2 ? 133 : 123)));
    const loud = levelFromSamples(Uint8Array.from({ length: 64 }, (_, i) => (i % 2 ? 255 : 0)));
    expect(quiet).toBeGreaterThan(0);
    expect(loud).toBeGreaterThan(quiet);
    expect(loud).toBe(1);
  });
});
