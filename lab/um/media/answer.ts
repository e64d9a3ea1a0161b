/**
 * Answers a caller's offer with the leg the server is configured for:
 * WebRTC (werift, peer to peer with a browser) or plain RTP/AVP (a browser
 * reaches it through the proxy's media relay).
 */
import type { MediaLeg, UmMediaMode } from './leg';
import { PlainRtpSession } from './rtp-session';
import { MediaSession } from './session';

export interface AnswerOptions {
  /** WebRTC: extra ICE host addresses (loopback is skipped by werift otherwise). */
  iceAdditionalHostAddresses: string[];
  /** Plain RTP: the address to bind and announce. */
  rtpHost: string;
  log: (line: string) => void;
}

export async function answerMedia(
  mode: UmMediaMode,
  offerSdp: string,
  options: AnswerOptions,
): Promise<{ session: MediaLeg; sdp: string }> {
  if (mode === 'rtp') return PlainRtpSession.answer(offerSdp, { host: options.rtpHost, log: options.log });
  return MediaSession.answer(offerSdp, {
    iceAdditionalHostAddresses: options.iceAdditionalHostAddresses,
    log: options.log,
  });
}
