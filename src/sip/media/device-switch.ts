/**
 * Moving a running call to other audio devices, without a re-INVITE: the microphone by replacing
 * the RTP sender's track (RTCRtpSender.replaceTrack, W3C WebRTC §5.2: no renegotiation when the
 * kind stays audio), the speaker by pointing the call's <audio> element elsewhere (setSinkId).
 */
import type { Session } from 'sip.js';
import { SessionDescriptionHandler } from 'sip.js/lib/platform/web/session-description-handler/index.js';
import { SenderTrackGuardHandler } from './sender-track-guard';

/** What the device switch needs of a live call (a ManagedCall fits). */
export interface SwitchableCall {
  session: Session;
  audio?: HTMLAudioElement;
  /**
   * Whether the microphone must stay silent (muted or on hold), when the switch began. The call's
   * handler knows better by the time the new track arrives (a Swap may have happened meanwhile):
   * where it can say (sender-track-guard.ts), its word counts.
   */
  silent: boolean;
}

/** The audio constraint for a chosen microphone: exact, so a switch never lands on another device. */
function microphoneConstraint(deviceId: string): MediaTrackConstraints | boolean {
  return deviceId ? { deviceId: { exact: deviceId } } : true;
}

/**
 * Sends the call's audio from `deviceId` ('' = the browser's default). The old track is stopped
 * (its device light goes off) and the SDH's local stream holds the new one, so mute and hold keep
 * working on it. Resolves once the sender carries the new track.
 */
export async function switchMicrophone(call: SwitchableCall, deviceId: string): Promise<void> {
  const sdh = call.session.sessionDescriptionHandler;
  if (!(sdh instanceof SessionDescriptionHandler)) return;
  const sender = sdh.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
  if (!sender) return;
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: microphoneConstraint(deviceId),
    video: false,
  });
  const track = stream.getAudioTracks()[0];
  if (!track) return;
  // Live only if the call's microphone is live now, not when the switch began (getUserMedia
  // takes a while), and the decision applied again once the sender carries it.
  const guard = sdh instanceof SenderTrackGuardHandler ? sdh : undefined;
  track.enabled = guard ? guard.senderTracksEnabled : !call.silent;
  try {
    await sender.replaceTrack(track);
  } catch (e) {
    track.stop();
    throw e;
  }
  const local = sdh.localMediaStream;
  for (const old of local.getAudioTracks()) {
    old.stop();
    local.removeTrack(old);
  }
  local.addTrack(track);
  guard?.reapplySenderTracks();
}

/** Plays the call's audio on `deviceId` ('' = the default output), where the browser can choose. */
export async function switchSpeaker(call: SwitchableCall, deviceId: string): Promise<void> {
  const audio = call.audio;
  if (!audio || typeof audio.setSinkId !== 'function') return;
  await audio.setSinkId(deviceId);
}

/**
 * The devices changed in the settings: every live call follows at once. A failure (the device
 * was unplugged, permission withdrawn) leaves that call on its old device and is reported.
 */
export function followDeviceChoice(
  calls: readonly SwitchableCall[],
  change: { microphoneId?: string; speakerId?: string },
  failed: (error: unknown) => void,
): void {
  for (const call of calls) {
    if (change.microphoneId !== undefined) switchMicrophone(call, change.microphoneId).catch(failed);
    if (change.speakerId !== undefined) switchSpeaker(call, change.speakerId).catch(failed);
  }
}
