import type { Session } from 'sip.js';
import {
  defaultMediaStreamFactory,
  defaultPeerConnectionConfiguration,
  type SessionDescriptionHandlerConfiguration,
  type SessionDescriptionHandlerFactoryOptions,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';
import { SenderTrackGuardHandler } from './sender-track-guard';

/**
 * A SessionDescriptionHandler that sends the offer/answer as soon as enough ICE candidates are in,
 * instead of when gathering completes (Chromium takes ~100 ms more even with host candidates only)
 * or when `iceGatheringTimeout` fires (an unreachable STUN server): a host candidate for every
 * media section, plus a server-reflexive or relay one when ICE servers are configured, or else a
 * short grace after the host ones. `iceGatheringComplete()` is SIP.js's documented hook for a
 * gathering strategy of one's own. The timeout stays as the cap (no host candidate at all).
 * Its sender tracks keep the live/silent state the call controls decided (sender-track-guard.ts).
 */
const ICE_GRACE_MS = 100;

class EarlyIceSessionDescriptionHandler extends SenderTrackGuardHandler {
  private readonly hostMids = new Set<string>();
  private readonly serverMids = new Set<string>();
  private graceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    logger: ConstructorParameters<typeof SenderTrackGuardHandler>[0],
    configuration: SessionDescriptionHandlerConfiguration,
    private readonly iceServersConfigured: boolean,
  ) {
    super(logger, defaultMediaStreamFactory(), configuration);
    this.peerConnection?.addEventListener('icecandidate', (e) => this.onCandidate(e.candidate));
  }

  protected override waitForIceGatheringComplete(restart = false, timeout = 0): Promise<void> {
    if (restart) this.resetCandidates();
    const waiting = super.waitForIceGatheringComplete(restart, timeout);
    this.checkCandidates(); // they may all be in before the wait begins
    return waiting;
  }

  override close(): void {
    this.resetCandidates();
    super.close();
  }

  private resetCandidates(): void {
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    this.hostMids.clear();
    this.serverMids.clear();
  }

  private onCandidate(candidate: RTCIceCandidate | null): void {
    if (!candidate?.candidate) return;
    const mid = candidate.sdpMid ?? String(candidate.sdpMLineIndex ?? 0);
    if (candidate.type === 'host') this.hostMids.add(mid);
    else if (candidate.type === 'srflx' || candidate.type === 'relay') this.serverMids.add(mid);
    this.checkCandidates();
  }

  private checkCandidates(): void {
    const pc = this.peerConnection;
    if (!pc || pc.iceGatheringState === 'complete') return;
    const mids = pc
      .getTransceivers()
      .map((t) => t.mid)
      .filter((m): m is string => m !== null);
    // With max-bundle, candidates are gathered for the first media section only.
    const needed = pc.getConfiguration().bundlePolicy === 'max-bundle' ? mids.slice(0, 1) : mids;
    if (needed.length === 0 || !needed.every((m) => this.hostMids.has(m))) return;
    if (!this.iceServersConfigured || needed.every((m) => this.serverMids.has(m))) {
      clearTimeout(this.graceTimer);
      this.graceTimer = undefined;
      this.iceGatheringComplete();
      return;
    }
    this.graceTimer ??= setTimeout(() => {
      this.graceTimer = undefined;
      this.iceGatheringComplete();
    }, ICE_GRACE_MS);
  }
}

export function earlyIceFactory(iceServersConfigured: boolean) {
  return (session: Session, options?: SessionDescriptionHandlerFactoryOptions) =>
    new EarlyIceSessionDescriptionHandler(
      session.userAgent.getLogger('sip.SessionDescriptionHandler'),
      {
        iceGatheringTimeout: options?.iceGatheringTimeout ?? 5000,
        peerConnectionConfiguration: {
          ...defaultPeerConnectionConfiguration(),
          ...options?.peerConnectionConfiguration,
        },
      },
      iceServersConfigured,
    );
}
