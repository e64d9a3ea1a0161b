/**
 * One call's WebRTC media leg, played by werift: audio only, DTLS-SRTP and
 * ICE with host candidates (loopback included), no STUN/TURN. It sends PCMU
 * (payload type 0, 8000 Hz); as the answerer it also accepts Opus (RFC 7587)
 * and puts it first, so that a browser sends wideband speech (the preview's
 * recogniser needs 16 kHz); RFC 3264 6.1 lets each side send any format of
 * the answer, so the prompts stay PCMU. Telephone-events (RFC 4733) at 8000
 * and 48000 Hz (a browser sends them at its send codec's clock rate).
 *
 * Outgoing audio is a continuous 20 ms frame clock (silence when nothing is
 * playing), so the browser sees one steady stream with increasing sequence
 * numbers and timestamps.
 */
import { randomInt } from 'node:crypto';
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket,
  type RTCRtpTransceiver,
} from 'werift';
import { FRAME_BYTES } from './audio';
import { DtmfDetector } from './dtmf';
import { FrameClock } from './frame-clock';
import {
  NoCommonCodecError,
  type FrameSource,
  type MediaLeg,
  type MediaStats,
  type ReceivedAudio,
} from './leg';

export { NoCommonCodecError, type FrameSource, type ReceivedAudio } from './leg';

export interface MediaSessionOptions {
  /** Extra host addresses for ICE; loopback is skipped by werift otherwise. */
  iceAdditionalHostAddresses: string[];
  log: (line: string) => void;
}

const PCMU = 0;
const OPUS = 111;
const TELEPHONE_EVENT = 101;

/** Opus only as the answerer: an offer (Play-On-Phone) records nothing and stays PCMU-only. */
function audioCodecs(withOpus: boolean): RTCRtpCodecParameters[] {
  return [
    ...(withOpus ? [opusCodec()] : []),
    new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: PCMU }),
    new RTCRtpCodecParameters({
      mimeType: 'audio/telephone-event',
      clockRate: 8000,
      channels: 1,
      payloadType: TELEPHONE_EVENT,
      parameters: '0-16',
    }),
  ];
}

function opusCodec(): RTCRtpCodecParameters {
  return new RTCRtpCodecParameters({
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    payloadType: OPUS,
    parameters: 'minptime=10;useinbandfec=1',
  });
}

/** Whether an SDP offer has PCMU/8000 audio (the only codec the server speaks). */
export function offersPcmu(sdp: string): boolean {
  const audio = /^m=audio \d+ [^ ]+ ([\d ]+)$/m.exec(sdp);
  if (!audio) return false;
  const payloads = (audio[1] ?? '').trim().split(/\s+/);
  if (payloads.includes('0')) return true;
  return /^a=rtpmap:\d+ PCMU\/8000/im.test(sdp);
}

/** The answer's order: Opus first (the browser sends the first), then PCMU, then telephone-events. */
function answerRank(mimeType: string): number {
  const name = mimeType.toLowerCase();
  return name === 'audio/opus' ? 0 : name === 'audio/pcmu' ? 1 : 2;
}

export class MediaSession implements MediaLeg {
  private readonly pc: RTCPeerConnection;
  private readonly track = new MediaStreamTrack({ kind: 'audio' });
  private transceiver: RTCRtpTransceiver | undefined;
  private readonly clock = new FrameClock((frame) => this.send(frame));
  private sequence = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0x7fffffff);
  private closed = false;
  private audioListener: ((audio: ReceivedAudio) => void) | undefined;
  private telephoneEventTypes = new Set<number>([TELEPHONE_EVENT]);
  private opusTypes = new Set<number>();
  private readonly dtmf: DtmfDetector;
  private digitListener: ((digit: string) => void) | undefined;
  /** Counters for tests and the call log. */
  readonly stats: MediaStats = {
    rtpReceived: 0,
    audioPacketsReceived: 0,
    dtmfPacketsReceived: 0,
    framesSent: 0,
  };
  private connectedResolve!: () => void;
  /** Resolves when ICE + DTLS are up. */
  readonly connected: Promise<void>;

  private constructor(
    private readonly options: MediaSessionOptions,
    withOpus: boolean,
  ) {
    this.connected = new Promise((resolve) => (this.connectedResolve = resolve));
    this.pc = new RTCPeerConnection({
      iceServers: [],
      iceAdditionalHostAddresses: options.iceAdditionalHostAddresses,
      iceUseIpv6: false,
      codecs: { audio: audioCodecs(withOpus), video: [] },
      headerExtensions: { audio: [], video: [] },
    });
    this.dtmf = new DtmfDetector((digit) => this.digitListener?.(digit));
    this.pc.connectionStateChange.subscribe((state) => {
      options.log(`media connection ${state}`);
      if (state === 'connected') this.connectedResolve();
    });
    this.pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => this.receive(rtp));
    });
  }

  /** Answers a browser's offer (the server is the answerer: subscriber access, deposit). */
  static async answer(
    offerSdp: string,
    options: MediaSessionOptions,
  ): Promise<{ session: MediaSession; sdp: string }> {
    if (!offersPcmu(offerSdp)) throw new NoCommonCodecError('the offer has no PCMU/8000 audio');
    const session = new MediaSession(options, true);
    try {
      await session.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      const transceiver = session.pc.getTransceivers().find((t) => t.kind === 'audio');
      if (!transceiver) throw new NoCommonCodecError('the offer has no audio stream');
      // werift matches codecs by name only: keep PCMU/8000, Opus/48000 and the telephone-events.
      transceiver.codecs = transceiver.codecs
        .filter(
          (c) =>
            (c.clockRate === 8000 && /^audio\/(pcmu|telephone-event)$/i.test(c.mimeType)) ||
            (c.clockRate === 48000 && /^audio\/(opus|telephone-event)$/i.test(c.mimeType)),
        )
        .sort((a, b) => answerRank(a.mimeType) - answerRank(b.mimeType));
      transceiver.setDirection('sendrecv');
      transceiver.sender.replaceTrack(session.track);
      session.transceiver = transceiver;
      const answer = await session.pc.createAnswer();
      await session.pc.setLocalDescription(answer);
      const sdp = session.pc.localDescription?.sdp ?? '';
      session.learnPayloadTypes(sdp);
      if (!/^a=rtpmap:0 PCMU\/8000/m.test(sdp)) throw new NoCommonCodecError('PCMU not negotiated');
      return { session, sdp };
    } catch (error) {
      await session.close();
      throw error;
    }
  }

  /** Makes an offer (Play-On-Phone: the server calls the user). Complete with `acceptAnswer`. */
  static async offer(options: MediaSessionOptions): Promise<{ session: MediaSession; sdp: string }> {
    const session = new MediaSession(options, false);
    session.transceiver = session.pc.addTransceiver(session.track, { direction: 'sendrecv' });
    const offer = await session.pc.createOffer();
    await session.pc.setLocalDescription(offer);
    return { session, sdp: session.pc.localDescription?.sdp ?? '' };
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    if (!offersPcmu(answerSdp)) throw new NoCommonCodecError('the answer has no PCMU/8000 audio');
    this.learnPayloadTypes(answerSdp);
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  /** Receives decoded PCMU payloads (for recording). */
  onAudio(listener: ((audio: ReceivedAudio) => void) | undefined): void {
    this.audioListener = listener;
  }

  /** Receives RFC 4733 digits. */
  onDigit(listener: ((digit: string) => void) | undefined): void {
    this.digitListener = listener;
  }

  /** Starts the 20 ms send clock; `source` provides frames (silence when it returns undefined). */
  start(source: FrameSource): void {
    if (this.closed) return;
    this.clock.run(source);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clock.stop();
    this.audioListener = undefined;
    this.digitListener = undefined;
    await this.pc.close().catch(() => {});
  }

  private send(frame: Buffer): void {
    if (this.closed || this.pc.connectionState !== 'connected') {
      // Keep the clocks running so the stream stays continuous once connected.
      this.sequence = (this.sequence + 1) & 0xffff;
      this.timestamp = (this.timestamp + FRAME_BYTES) >>> 0;
      return;
    }
    this.keepSenderOnPcmu();
    const header = new RtpHeader({
      payloadType: PCMU,
      sequenceNumber: this.sequence,
      timestamp: this.timestamp,
      marker: this.stats.framesSent === 0,
    });
    this.sequence = (this.sequence + 1) & 0xffff;
    this.timestamp = (this.timestamp + FRAME_BYTES) >>> 0;
    try {
      this.track.writeRtp(new RtpPacket(header, frame));
      this.stats.framesSent++;
    } catch (error) {
      this.options.log(`rtp send failed: ${String(error)}`);
    }
  }

  /**
   * werift stamps every packet it sends with its sender's codec, the first one negotiated
   * (RTCRtpSender.prepareSend: `codecs[0]`; sendRtp overwrites the payload type). Our answer lists
   * Opus first so that the browser sends wideband speech (previews), but what this server sends is
   * always PCMU: without this the browser got mu-law bytes labelled Opus and heard noise or nothing.
   */
  private keepSenderOnPcmu(): void {
    const sender = this.transceiver?.sender as unknown as { codec?: { payloadType: number } } | undefined;
    if (!sender?.codec || sender.codec.payloadType === PCMU) return;
    const pcmu = this.transceiver?.codecs.find((c) => c.payloadType === PCMU);
    if (pcmu) sender.codec = pcmu;
  }

  private receive(rtp: RtpPacket): void {
    this.stats.rtpReceived++;
    const pt = rtp.header.payloadType;
    if (this.telephoneEventTypes.has(pt)) {
      this.stats.dtmfPacketsReceived++;
      this.dtmf.push(rtp.header.timestamp, rtp.payload);
    } else if (pt === PCMU || this.opusTypes.has(pt)) {
      this.stats.audioPacketsReceived++;
      const codec = pt === PCMU ? 'pcmu' : 'opus';
      this.audioListener?.({ timestamp: rtp.header.timestamp, payload: rtp.payload, codec });
    }
  }

  /** The payload types of telephone-event (8000 or 48000 Hz) and Opus in a negotiated SDP. */
  private learnPayloadTypes(sdp: string): void {
    for (const m of sdp.matchAll(/^a=rtpmap:(\d+) telephone-event\/(8000|48000)\s*$/gim)) {
      this.telephoneEventTypes.add(Number(m[1]));
    }
    for (const m of sdp.matchAll(/^a=rtpmap:(\d+) opus\/48000(\/2)?\s*$/gim)) {
      this.opusTypes.add(Number(m[1]));
    }
  }
}
