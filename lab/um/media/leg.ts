/**
 * What the voice menus need from one call's media, whatever carries it: the
 * WebRTC leg (werift: ICE, DTLS-SRTP; `session.ts`) or a plain RTP/AVP leg
 * as real voicemail servers speak it behind a media relay (`rtp-session.ts`).
 *
 * Both send PCMU (RFC 3551 4.5.14) in 20 ms frames and receive PCMU or Opus
 * (RFC 7587: wideband speech for previews) plus RFC 4733 telephone-events.
 */

/** How the emulator carries media: `webrtc` (peer to peer with the browser) or `rtp` (through the proxy's relay). */
export type UmMediaMode = 'webrtc' | 'rtp';

/** LAB_UM_MEDIA: `rtp` or `webrtc` (default); anything else is refused, not guessed. */
export function parseMediaMode(value: string | undefined): UmMediaMode {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'webrtc') return 'webrtc';
  if (v === 'rtp') return 'rtp';
  throw new Error(`LAB_UM_MEDIA: expected "rtp" or "webrtc", got ${JSON.stringify(value)}`);
}

/** No audio codec in common (no PCMU/8000). */
export class NoCommonCodecError extends Error {}

/**
 * The offer's transport profile is one this leg does not speak (RFC 3261 21.4.26 488 with
 * Warning 302 "Incompatible transport protocol", 20.43): a plain RTP leg given a WebRTC offer.
 */
export class IncompatibleTransportError extends Error {}

/** The source of outgoing audio: called every 20 ms for the next 160-byte mu-law frame. */
export type FrameSource = () => Buffer | undefined;

export type ReceivedCodec = 'pcmu' | 'opus';

export interface ReceivedAudio {
  /** RTP timestamp of the first sample (8000 Hz clock for PCMU, 48000 Hz for Opus, RFC 7587 4.1). */
  timestamp: number;
  payload: Buffer;
  /** Absent means PCMU. */
  codec?: ReceivedCodec;
}

export interface MediaStats {
  rtpReceived: number;
  audioPacketsReceived: number;
  dtmfPacketsReceived: number;
  framesSent: number;
}

export interface MediaLeg {
  /** Resolves when media flows (ICE + DTLS up, or the first RTP packet from the peer). */
  readonly connected: Promise<void>;
  readonly stats: MediaStats;
  onAudio(listener: ((audio: ReceivedAudio) => void) | undefined): void;
  onDigit(listener: ((digit: string) => void) | undefined): void;
  /** Starts the 20 ms send clock. */
  start(source: FrameSource): void;
  close(): Promise<void>;
}
