/**
 * G.711 mu-law audio at 8000 Hz, mono: frames, silence, energy, and the
 * WAV container the messages are stored in (WAVE_FORMAT_MULAW = 7).
 */

export const SAMPLE_RATE = 8000;
/** 20 ms of audio: one RTP packet (RFC 3551 4.5.14, PCMU). */
export const FRAME_BYTES = 160;
export const FRAME_MS = 20;
/** Mu-law code of a zero sample. */
export const MULAW_SILENCE = 0xff;

/** Decodes one mu-law byte to a 16-bit linear sample (ITU-T G.711). */
export function mulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -magnitude : magnitude;
}

/** Encodes a 16-bit linear sample as mu-law (ITU-T G.711, the inverse of `mulawToLinear`). */
export function linearToMulaw(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s = Math.min(s, CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** A WAV file of 16-bit linear PCM, mono (what the recogniser reads). */
export function pcm16ToWav(samples: Int16Array, sampleRate: number): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // WAVE_FORMAT_PCM
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Root mean square of mu-law audio, as a fraction of full scale (0..1). */
export function mulawRms(audio: Uint8Array): number {
  if (audio.length === 0) return 0;
  let sum = 0;
  for (const code of audio) {
    const s = mulawToLinear(code) / 32768;
    sum += s * s;
  }
  return Math.sqrt(sum / audio.length);
}

export function silence(ms: number): Buffer {
  return Buffer.alloc(Math.round((ms * SAMPLE_RATE) / 1000), MULAW_SILENCE);
}

export function durationSeconds(audio: Uint8Array): number {
  return audio.length / SAMPLE_RATE;
}

/** A WAV file holding mu-law samples (fmt chunk of 18 bytes + fact chunk, as sox writes it). */
export function mulawToWav(audio: Uint8Array): Buffer {
  const header = Buffer.alloc(58);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(50 + audio.length + (audio.length % 2), 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(18, 16);
  header.writeUInt16LE(7, 20); // WAVE_FORMAT_MULAW
  header.writeUInt16LE(1, 22); // channels
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE, 28); // bytes per second
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.writeUInt16LE(0, 36); // cbSize
  header.write('fact', 38, 'ascii');
  header.writeUInt32LE(4, 42);
  header.writeUInt32LE(audio.length, 46);
  header.write('data', 50, 'ascii');
  header.writeUInt32LE(audio.length, 54);
  const pad = audio.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([header, audio, pad]);
}

/** The mu-law samples of a WAV file written by `mulawToWav` (or sox); throws on anything else. */
export function wavToMulaw(file: Buffer): Buffer {
  if (file.length < 12 || file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('not a WAV file');
  let offset = 12;
  let format: number | undefined;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const start = offset + 8;
    if (id === 'fmt ') {
      format = file.readUInt16LE(start);
      const channels = file.readUInt16LE(start + 2);
      const rate = file.readUInt32LE(start + 4);
      if (format !== 7 || channels !== 1 || rate !== SAMPLE_RATE)
        throw new Error(`unsupported WAV format ${format}/${channels}ch/${rate}Hz`);
    } else if (id === 'data') {
      if (format === undefined) throw new Error('WAV data before fmt');
      if (start + size > file.length) throw new Error('truncated WAV data');
      return file.subarray(start, start + size);
    }
    offset = start + size + (size % 2);
  }
  throw new Error('WAV without data chunk');
}
