import { SessionDescriptionHandler } from 'sip.js/lib/platform/web/session-description-handler/index.js';

/**
 * A microphone never goes live by itself (issue 15: at most one call has a live microphone).
 *
 * Whether a call's microphone is live is decided in one place (calls/in-call-controls.ts, through
 * `enableSenderTracks`): this handler remembers that decision and puts it on every track that
 * later reaches one of its senders. SIP.js replaces the sender's track on its own during an offer
 * or answer whenever the media constraints differ from the ones it last used (a re-INVITE built
 * after the microphone was changed in the settings: a hold, a resume, a recovery re-INVITE with an
 * ICE restart), and the fresh track from getUserMedia is enabled: without this, the call being held
 * would send the microphone until something disabled it again, and a recovery re-INVITE of a held
 * call, which nothing follows up, would leave it live.
 */
export class SenderTrackGuardHandler extends SessionDescriptionHandler {
  private sending = true;

  /** Whether the senders' tracks are meant to be live (the last `enableSenderTracks`). */
  get senderTracksEnabled(): boolean {
    return this.sending;
  }

  override enableSenderTracks(enable: boolean): void {
    this.sending = enable;
    super.enableSenderTracks(enable);
  }

  /** Puts the remembered decision on whatever tracks the senders carry now. */
  reapplySenderTracks(): void {
    if (this.peerConnection) super.enableSenderTracks(this.sending);
  }

  /**
   * A new local stream (SIP.js's getUserMedia): its tracks reach the senders already in the state
   * decided for this call, and the decision is applied again once the replacement is done (a
   * hold asked for while `replaceTrack` was pending only reached the old track).
   */
  protected override setLocalMediaStream(stream: MediaStream): Promise<void> {
    for (const track of stream.getTracks()) track.enabled = this.sending;
    return super.setLocalMediaStream(stream).then(() => this.reapplySenderTracks());
  }
}
