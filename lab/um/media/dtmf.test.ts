import { describe, expect, it } from 'vitest';
import { DtmfDetector, digitFromSipInfo, eventToDigit, parseTelephoneEvent } from './dtmf';

/** RFC 4733 2.3 payload: event, E|R|volume, duration (16 bit). */
function payload(event: number, end: boolean, duration: number, volume = 10): Uint8Array {
  return Uint8Array.from([event, (end ? 0x80 : 0) | volume, duration >> 8, duration & 0xff]);
}

/** The packets a sender emits for one key press (start, updates, three end packets). */
function keyPress(event: number, timestamp: number): Array<[number, Uint8Array]> {
  return [
    [timestamp, payload(event, false, 160)],
    [timestamp, payload(event, false, 320)],
    [timestamp, payload(event, false, 480)],
    [timestamp, payload(event, true, 640)],
    [timestamp, payload(event, true, 640)],
    [timestamp, payload(event, true, 640)],
  ];
}

describe('RFC 4733 telephone-event payload', () => {
  it('parses event, end bit, volume and duration', () => {
    expect(parseTelephoneEvent(Uint8Array.from([11, 0x8a, 0x03, 0x20]))).toEqual({
      event: 11,
      end: true,
      volume: 10,
      duration: 800,
    });
    expect(parseTelephoneEvent(Uint8Array.from([5, 0x0a, 0x00, 0xa0]))).toMatchObject({
      event: 5,
      end: false,
    });
  });

  it('ignores the reserved bit and rejects short payloads', () => {
    expect(parseTelephoneEvent(Uint8Array.from([1, 0x40 | 0x80 | 7, 0, 1]))).toMatchObject({
      end: true,
      volume: 7,
    });
    expect(parseTelephoneEvent(Uint8Array.from([1, 0x80, 0]))).toBeUndefined();
  });

  it('maps event codes 0-15 to digits (RFC 4733 3.2)', () => {
    expect([...Array(16).keys()].map((e) => eventToDigit(e)).join('')).toBe('0123456789*#ABCD');
    expect(eventToDigit(16)).toBeUndefined();
  });
});

describe('DtmfDetector', () => {
  const detect = (packets: Array<[number, Uint8Array]>): string => {
    const digits: string[] = [];
    const detector = new DtmfDetector((d) => digits.push(d));
    for (const [ts, p] of packets) detector.push(ts, p);
    return digits.join('');
  };

  it('reports each key press once despite the three end packets', () => {
    expect(
      detect([
        ...keyPress(4, 1000),
        ...keyPress(3, 3000),
        ...keyPress(2, 5000),
        ...keyPress(1, 7000),
        ...keyPress(11, 9000),
      ]),
    ).toBe('4321#');
  });

  it('reports the same digit pressed twice (different timestamps)', () => {
    expect(detect([...keyPress(1, 1000), ...keyPress(1, 2000)])).toBe('11');
  });

  it('reports a press whose end packets were lost when the next one starts', () => {
    const lost = keyPress(7, 1000).slice(0, 3);
    expect(detect([...lost, ...keyPress(8, 4000)])).toBe('78');
  });

  it('ignores late duplicates and non-DTMF events', () => {
    expect(
      detect([...keyPress(5, 1000), [1000, payload(5, true, 640)], [2000, payload(40, true, 100)]]),
    ).toBe('5');
  });

  it('handles an end packet arriving alone', () => {
    expect(detect([[500, payload(9, true, 800)]])).toBe('9');
  });
});

describe('SIP INFO DTMF', () => {
  it('reads application/dtmf-relay (SIP.js default) and application/dtmf', () => {
    expect(digitFromSipInfo('application/dtmf-relay', 'Signal=5\r\nDuration=100\r\n')).toBe('5');
    expect(digitFromSipInfo('application/dtmf-relay; charset=utf-8', 'Signal= #\r\nDuration=100')).toBe('#');
    expect(digitFromSipInfo('application/dtmf', '*')).toBe('*');
  });

  it('ignores other bodies', () => {
    expect(digitFromSipInfo('text/plain', 'Signal=5')).toBeUndefined();
    expect(digitFromSipInfo('application/dtmf-relay', 'Signal=X')).toBeUndefined();
  });
});
