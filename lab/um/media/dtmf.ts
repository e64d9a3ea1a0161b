/**
 * DTMF from RTP telephone-event packets (RFC 4733 2.3): one event is sent as
 * several packets sharing one RTP timestamp, the last ones (normally three)
 * with the E bit set. A digit is reported once, when its first end packet
 * arrives; if the end packets are lost, when the next event starts.
 */

/** RFC 4733 3.2 event codes 0-15. */
const EVENT_DIGITS = '0123456789*#ABCD';

export interface TelephoneEvent {
  /** 0-255 (only 0-15 are DTMF). */
  event: number;
  end: boolean;
  /** Power level in -dBm0 (0-63). */
  volume: number;
  /** Duration in timestamp units. */
  duration: number;
}

/** Parses the 4-byte telephone-event payload; undefined if it is too short. */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  const b1 = payload[1] ?? 0;
  return {
    event: payload[0] ?? 0,
    end: (b1 & 0x80) !== 0,
    volume: b1 & 0x3f,
    duration: ((payload[2] ?? 0) << 8) | (payload[3] ?? 0),
  };
}

export function eventToDigit(event: number): string | undefined {
  return event < EVENT_DIGITS.length ? EVENT_DIGITS.charAt(event) : undefined;
}

/** Turns a stream of telephone-event packets into digits, each once. */
export class DtmfDetector {
  /** RTP timestamps of events already reported (bounded). */
  private readonly reported: number[] = [];
  private pending: { timestamp: number; digit: string } | undefined;

  constructor(private readonly onDigit: (digit: string) => void) {}

  /** Feeds one telephone-event RTP packet (its RTP timestamp and payload). */
  push(timestamp: number, payload: Uint8Array): void {
    const event = parseTelephoneEvent(payload);
    if (!event) return;
    const digit = eventToDigit(event.event);
    if (digit === undefined) return;
    if (this.reported.includes(timestamp)) return; // the 2nd and 3rd end packets, or late ones
    if (this.pending && this.pending.timestamp !== timestamp) {
      // A new event began before the previous one's end packet came: report that one now.
      this.report(this.pending.timestamp, this.pending.digit);
    }
    if (event.end) {
      this.pending = undefined;
      this.report(timestamp, digit);
    } else {
      this.pending = { timestamp, digit };
    }
  }

  private report(timestamp: number, digit: string): void {
    if (this.pending?.timestamp === timestamp) this.pending = undefined;
    this.reported.push(timestamp);
    if (this.reported.length > 64) this.reported.shift();
    this.onDigit(digit);
  }
}

/**
 * SIP INFO DTMF as SIP.js sends it by default (`application/dtmf-relay`,
 * `Signal=5`), and `application/dtmf` (a bare digit).
 */
export function digitFromSipInfo(contentType: string, body: string): string | undefined {
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  let signal: string | undefined;
  if (type === 'application/dtmf-relay') signal = /^\s*signal\s*=\s*(\S)/im.exec(body)?.[1];
  else if (type === 'application/dtmf') signal = body.trim().charAt(0);
  if (signal === undefined) return undefined;
  const upper = signal.toUpperCase();
  return /^[0-9*#A-D]$/.test(upper) ? upper : undefined;
}
