/**
 * PROPOSAL (not wired in: src/sip/ is someone else's file right now). A SessionDescriptionHandler
 * that stops waiting for ICE gathering once enough candidates are in, instead of waiting for
 * gathering to complete or for `iceGatheringTimeout`:
 *   - a host candidate for every media section, and
 *   - with STUN/TURN servers configured, a server-reflexive or relay candidate as well, or else a
 *     short grace after the host candidates (an unreachable STUN server then costs `graceMs`, not
 *     the timeout). Without ICE servers, the host candidates are enough.
 * `iceGatheringComplete()` is SIP.js's documented hook for exactly this ("Use this to stop waiting
 * on ICE to complete if you are implementing your own ICE gathering completion strategy").
 * The timeout stays as a cap for the pathological case (no host candidate at all).
 *
 * Use in PhoneClient.makeUserAgent():
 *   sessionDescriptionHandlerFactory: earlyIceFactory({ iceServersConfigured: iceServers.length > 0 }),
 */
import type { Session, SessionDescriptionHandlerFactory } from 'sip.js';
import {
  SessionDescriptionHandler,
  defaultMediaStreamFactory,
  defaultPeerConnectionConfiguration,
  type SessionDescriptionHandlerConfiguration,
  type SessionDescriptionHandlerFactoryOptions,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';

type Logger = ConstructorParameters<typeof SessionDescriptionHandler>[0];

export interface EarlyIceOptions {
  iceServersConfigured: boolean;
  /** How long to wait for a STUN/TURN answer once the host candidates are in. */
  graceMs?: number;
}

export class EarlyIceSessionDescriptionHandler extends SessionDescriptionHandler {
  private hostMids = new Set<string>();
  private serverMids = new Set<string>();
  private graceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    logger: Logger,
    configuration: SessionDescriptionHandlerConfiguration,
    private readonly early: Required<EarlyIceOptions>,
  ) {
    super(logger, defaultMediaStreamFactory(), configuration);
    this.peerConnection?.addEventListener('icecandidate', (e) => this.onCandidate(e.candidate));
  }

  protected override waitForIceGatheringComplete(restart = false, timeout = 0): Promise<void> {
    if (restart) this.reset();
    const waiting = super.waitForIceGatheringComplete(restart, timeout);
    // Candidates may all have arrived before the wait began.
    this.check();
    return waiting;
  }

  override close(): void {
    this.reset();
    super.close();
  }

  private reset(): void {
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    this.hostMids.clear();
    this.serverMids.clear();
  }

  private onCandidate(candidate: RTCIceCandidate | null): void {
    if (!candidate || !candidate.candidate) return;
    const mid = candidate.sdpMid ?? String(candidate.sdpMLineIndex ?? 0);
    if (candidate.type === 'host') this.hostMids.add(mid);
    else if (candidate.type === 'srflx' || candidate.type === 'relay') this.serverMids.add(mid);
    this.check();
  }

  private check(): void {
    const pc = this.peerConnection;
    if (!pc || pc.iceGatheringState === 'complete') return;
    const mids = pc
      .getTransceivers()
      .map((t) => t.mid)
      .filter((m): m is string => m !== null);
    // BUNDLE: candidates are gathered for the first media section only.
    const needed = pc.getConfiguration().bundlePolicy === 'max-bundle' ? mids.slice(0, 1) : mids;
    if (needed.length === 0 || !needed.every((m) => this.hostMids.has(m))) return;
    if (!this.early.iceServersConfigured || needed.every((m) => this.serverMids.has(m))) {
      clearTimeout(this.graceTimer);
      this.graceTimer = undefined;
      this.iceGatheringComplete();
      return;
    }
    this.graceTimer ??= setTimeout(() => {
      this.graceTimer = undefined;
      this.iceGatheringComplete();
    }, this.early.graceMs);
  }
}

export function earlyIceFactory(options: EarlyIceOptions): SessionDescriptionHandlerFactory {
  const early = { graceMs: 100, ...options };
  return (session: Session, factoryOptions?: SessionDescriptionHandlerFactoryOptions) => {
    const logger = session.userAgent.getLogger('sip.SessionDescriptionHandler');
    return new EarlyIceSessionDescriptionHandler(
      logger,
      {
        iceGatheringTimeout: factoryOptions?.iceGatheringTimeout ?? 5000,
        peerConnectionConfiguration: {
          ...defaultPeerConnectionConfiguration(),
          ...factoryOptions?.peerConnectionConfiguration,
        },
      },
      early,
    );
  };
}
