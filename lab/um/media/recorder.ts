/**
 * Records received PCMU audio by RTP timestamp: packets land where their
 * timestamp says, gaps (lost packets) become silence, duplicates overwrite,
 * and nothing beyond the maximum length is kept.
 */
import { MULAW_SILENCE, SAMPLE_RATE } from './audio';
import type { ReceivedAudio } from './session';

export class Recorder {
  private base: number | undefined;
  private buffer: Buffer;
  private length = 0;
  private readonly maxBytes: number;
  /** Set once audio beyond the maximum length arrived. */
  full = false;

  constructor(maxSeconds: number) {
    this.maxBytes = Math.round(maxSeconds * SAMPLE_RATE);
    this.buffer = Buffer.alloc(Math.min(this.maxBytes, SAMPLE_RATE * 10), MULAW_SILENCE);
  }

  push(audio: ReceivedAudio): void {
    this.base ??= audio.timestamp;
    const offset = (audio.timestamp - this.base) >>> 0;
    if (offset >= 0x80000000) return; // earlier than the first packet (reordered): drop
    if (offset >= this.maxBytes) {
      this.full = true;
      return;
    }
    const end = Math.min(offset + audio.payload.length, this.maxBytes);
    if (end > this.buffer.length) {
      const grown = Buffer.alloc(
        Math.min(this.maxBytes, Math.max(end, this.buffer.length * 2)),
        MULAW_SILENCE,
      );
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    audio.payload.copy(this.buffer, offset, 0, end - offset);
    this.length = Math.max(this.length, end);
    if (end >= this.maxBytes) this.full = true;
  }

  get durationSeconds(): number {
    return this.length / SAMPLE_RATE;
  }

  /** The recording so far (mu-law, 8000 Hz). */
  audio(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}
