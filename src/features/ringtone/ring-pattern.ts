/**
 * Ring cadences, as data. Times in seconds from the start of a cycle. Tones are mixes of two
 * sine frequencies, like the network ring tones people already recognise.
 */
export interface RingBurst {
  start: number;
  duration: number;
}

export interface RingPattern {
  frequencies: readonly number[];
  bursts: readonly RingBurst[];
  /** Length of one cycle; the pattern repeats every `period` seconds. */
  period: number;
  /** Peak gain of the mix (0..1). */
  level: number;
}

/** A calm double ring (400 + 450 Hz, the British cadence): 0.4 on, 0.2 off, 0.4 on, 2 s pause. */
export const NORMAL_RING: RingPattern = {
  frequencies: [400, 450],
  bursts: [
    { start: 0, duration: 0.4 },
    { start: 0.6, duration: 0.4 },
  ],
  period: 3,
  level: 0.18,
};

/** Urgent: higher (880 + 1320 Hz) and faster, four short pips a cycle, a short pause. */
export const URGENT_RING: RingPattern = {
  frequencies: [880, 1320],
  bursts: [
    { start: 0, duration: 0.12 },
    { start: 0.2, duration: 0.12 },
    { start: 0.4, duration: 0.12 },
    { start: 0.6, duration: 0.12 },
  ],
  period: 1.2,
  level: 0.22,
};

export function ringPattern(urgent: boolean): RingPattern {
  return urgent ? URGENT_RING : NORMAL_RING;
}

/** Bursts in order, none overlapping, all inside the cycle. */
export function isWellFormed(p: RingPattern): boolean {
  let end = 0;
  for (const b of p.bursts) {
    if (b.duration <= 0 || b.start < end) return false;
    end = b.start + b.duration;
  }
  return p.bursts.length > 0 && end <= p.period && p.level > 0 && p.level <= 1 && p.frequencies.length > 0;
}
