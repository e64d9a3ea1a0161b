/**
 * Records received audio by RTP timestamp: packets land where their
 * timestamp says, gaps (lost packets) become silence, duplicates overwrite,
 * and nothing beyond the maximum length is kept, nor a packet whose timestamp
 * runs ahead of the time the recording has taken.
 *
 * PCMU is kept as it comes (mu-law, 8000 Hz). Opus (RFC 7587, 48 kHz RTP
 * clock) is decoded by libopus (WebAssembly, npm `opus-decoder`) twice: to
 * 8000 Hz for the stored message (mu-law, like every message) and to
 * 16000 Hz linear PCM for the preview's recogniser, whose model is 16 kHz.
 * The first packet's codec is the recording's; packets of another codec
 * (a mid-call switch) are counted and left out.
 */
import { OpusDecoder } from 'opus-decoder';
import { linearToMulaw, MULAW_SILENCE, SAMPLE_RATE } from './audio';
import type { ReceivedAudio, ReceivedCodec } from './leg';

export const WIDEBAND_RATE = 16000;
const OPUS_CLOCK = 48000;
/** How far a packet's timestamp may run ahead of the time since the first packet (s). */
export const AHEAD_SLACK_SECONDS = 2;

/** A buffer written at offsets, growing up to a cap, gaps filled with one byte value. */
class Timeline {
  private buffer: Buffer;
  length = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly fill: number,
    initial: number,
  ) {
    this.buffer = Buffer.alloc(Math.min(maxBytes, initial), fill);
  }

  /** Writes at `offset`; returns false when `offset` is beyond the cap. */
  write(offset: number, data: Buffer): boolean {
    if (offset >= this.maxBytes) return false;
    const end = Math.min(offset + data.length, this.maxBytes);
    if (end > this.buffer.length) {
      const grown = Buffer.alloc(Math.min(this.maxBytes, Math.max(end, this.buffer.length * 2)), this.fill);
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    data.copy(this.buffer, offset, 0, end - offset);
    this.length = Math.max(this.length, end);
    return end < this.maxBytes;
  }

  contents(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

interface OpusDecoders {
  narrow: OpusDecoder<8000>;
  wide: OpusDecoder<16000>;
}

export class Recorder {
  private base: number | undefined;
  private codec: ReceivedCodec | undefined;
  private readonly narrow: Timeline;
  private wide: Timeline | undefined;
  private decoders: OpusDecoders | undefined;
  private readonly maxSeconds: number;
  private closed = false;
  /** Set once audio beyond the maximum length arrived. */
  full = false;
  /** Packets left out: another codec than the first packet's, or undecodable Opus. */
  dropped = 0;
  /** Resolves when the Opus decoders are ready; push() before that drops Opus packets. */
  readonly ready: Promise<void>;

  /** When the first packet came (`now()`, ms). */
  private startedAt: number | undefined;

  constructor(
    maxSeconds: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.maxSeconds = maxSeconds;
    const maxBytes = Math.round(maxSeconds * SAMPLE_RATE);
    this.narrow = new Timeline(maxBytes, MULAW_SILENCE, SAMPLE_RATE * 10);
    const narrow = new OpusDecoder({ sampleRate: 8000, channels: 1 });
    const wide = new OpusDecoder({ sampleRate: WIDEBAND_RATE, channels: 1 });
    this.ready = Promise.all([narrow.ready, wide.ready]).then(() => {
      if (this.closed) {
        narrow.free();
        wide.free();
      } else this.decoders = { narrow, wide };
    });
  }

  push(audio: ReceivedAudio): void {
    const codec = audio.codec ?? 'pcmu';
    this.codec ??= codec;
    if (codec !== this.codec) {
      this.dropped++;
      return;
    }
    this.base ??= audio.timestamp;
    this.startedAt ??= this.now();
    const offset = (audio.timestamp - this.base) >>> 0;
    if (offset >= 0x80000000) return; // earlier than the first packet (reordered): drop
    // Audio is sent as it is spoken: a packet cannot be from further ahead than the time since
    // the first one (plus slack for jitter and clock drift). Without this, two packets with
    // timestamps a minute apart, sent at once, made a minute-long message of silence, and its
    // preview, for the cost of two packets.
    const clock = codec === 'pcmu' ? SAMPLE_RATE : OPUS_CLOCK;
    if (offset / clock > (this.now() - this.startedAt) / 1000 + AHEAD_SLACK_SECONDS) {
      this.dropped++;
      return;
    }
    if (codec === 'pcmu') {
      if (!this.narrow.write(offset, audio.payload)) this.full = true;
      return;
    }
    this.pushOpus(offset, audio.payload);
  }

  private pushOpus(offset48k: number, payload: Buffer): void {
    if (!this.decoders) {
      this.dropped++;
      return;
    }
    if (offset48k >= this.maxSeconds * OPUS_CLOCK) {
      this.full = true;
      return;
    }
    const narrow = this.decoders.narrow.decodeFrame(payload);
    const wide = this.decoders.wide.decodeFrame(payload);
    if (narrow.errors.length > 0 || wide.errors.length > 0 || narrow.samplesDecoded === 0) {
      this.dropped++;
      return;
    }
    const mulaw = Buffer.alloc(narrow.samplesDecoded);
    const n = narrow.channelData[0] ?? new Float32Array(0);
    for (let i = 0; i < mulaw.length; i++) mulaw[i] = linearToMulaw((n[i] ?? 0) * 32767);
    if (!this.narrow.write(Math.floor((offset48k * SAMPLE_RATE) / OPUS_CLOCK), mulaw)) this.full = true;
    const w = wide.channelData[0] ?? new Float32Array(0);
    const pcm = Buffer.alloc(wide.samplesDecoded * 2);
    for (let i = 0; i < wide.samplesDecoded; i++)
      pcm.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round((w[i] ?? 0) * 32767))), i * 2);
    this.wide ??= new Timeline(this.maxSeconds * WIDEBAND_RATE * 2, 0, WIDEBAND_RATE * 2 * 10);
    this.wide.write(Math.floor((offset48k * WIDEBAND_RATE) / OPUS_CLOCK) * 2, pcm);
  }

  get durationSeconds(): number {
    return this.narrow.length / SAMPLE_RATE;
  }

  /** The recording so far (mu-law, 8000 Hz). */
  audio(): Buffer {
    return this.narrow.contents();
  }

  /** The recording at 16 kHz (16-bit linear PCM), when it came as Opus; undefined for PCMU. */
  wideband(): Int16Array | undefined {
    if (!this.wide) return undefined;
    const bytes = this.wide.contents();
    const samples = new Int16Array(bytes.length / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
    return samples;
  }

  /** Frees the decoders (WebAssembly memory). */
  close(): void {
    this.closed = true;
    const decoders = this.decoders;
    this.decoders = undefined;
    decoders?.narrow.free();
    decoders?.wide.free();
  }
}
