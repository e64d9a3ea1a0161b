/** The other party's audio: an <audio> element per call on the chosen speaker. */
import { SessionDescriptionHandler } from 'sip.js/lib/platform/web/session-description-handler/index.js';
import type { Session } from 'sip.js';

interface CallWithAudio {
  session: Session;
  audio?: HTMLAudioElement;
}

export function attachRemoteAudio(call: CallWithAudio, speakerId: string, blocked: () => void): void {
  const sdh = call.session.sessionDescriptionHandler;
  if (!(sdh instanceof SessionDescriptionHandler) || typeof Audio === 'undefined') return;
  const audio = call.audio ?? new Audio();
  audio.autoplay = true;
  audio.srcObject = sdh.remoteMediaStream;
  call.audio = audio;
  // The chosen speaker; where setSinkId is missing (or the device is gone) the default plays.
  if (speakerId && typeof audio.setSinkId === 'function')
    void audio.setSinkId(speakerId).catch(() => undefined);
  audio.play().catch(blocked);
}

export function stopRemoteAudio(call: CallWithAudio): void {
  if (call.audio) {
    call.audio.pause();
    call.audio.srcObject = null;
  }
}
