/**
 * A message's audio as the web API serves it: 16-bit linear PCM WAV, 8000 Hz mono.
 *
 * Messages are stored as mu-law WAV (WAVE_FORMAT_MULAW, see media/audio.ts). Linear PCM is the one
 * WAV encoding every browser's <audio> element decodes, so the API converts on request: G.711
 * decoding is a table lookup, a 60 s message takes about a millisecond, and no second copy on disk
 * has to be kept consistent with the crash-safe mailbox (sox is not needed for this).
 */
import { mulawToLinear, SAMPLE_RATE } from '../media/audio';

const HEADER_BYTES = 44;

export function mulawToPcmWav(mulaw: Uint8Array): Buffer {
  const dataBytes = mulaw.length * 2;
  const out = Buffer.alloc(HEADER_BYTES + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // WAVE_FORMAT_PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(SAMPLE_RATE, 24);
  out.writeUInt32LE(SAMPLE_RATE * 2, 28); // bytes per second
  out.writeUInt16LE(2, 32); // block align
  out.writeUInt16LE(16, 34); // bits per sample
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < mulaw.length; i++) out.writeInt16LE(mulawToLinear(mulaw[i]!), HEADER_BYTES + i * 2);
  return out;
}
