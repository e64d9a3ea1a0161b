/**
 * One call's WebRTC media leg, played by werift: audio only, PCMU (payload
 * type 0, 8000 Hz) plus telephone-event/8000 (RFC 4733), DTLS-SRTP and ICE
 * with host candidates (loopback included), no STUN/TURN.
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
import { FRAME_BYTES, FRAME_MS, MULAW_SILENCE } from './audio';
import { DtmfDetector } from './dtmf';

export interface MediaSessionOptions {
  /** Extra host addresses for ICE; loopback is skipped by werift otherwise. */
  iceAdditionalHostAddresses: string[];
  log: (line: string) => void;
}

export class NoCommonCodecError extends Error {}

/** The source of outgoing audio: called every 20 ms for the next 160-byte frame. */
export type FrameSource = () => Buffer | undefined;

export interface ReceivedAudio {
  /** RTP timestamp (8000 Hz clock) of the first sample. */
  timestamp: number;
  payload: Buffer;
}

const PCMU = 0;
const TELEPHONE_EVENT = 101;

function audioCodecs(): RTCRtpCodecParameters[] {
  return [
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

/** Whether an SDP offer has PCMU/8000 audio (the only codec the server speaks). */
export function offersPcmu(sdp: string): boolean {
  const audio = /^m=audio \d+ [^ ]+ ([\d ]+)$/m.exec(sdp);
  if (!audio) return false;
  const payloads = (audio[1] ?? '').trim().split(/\s+/);
  if (payloads.includes('0')) return true;
  return /^a=rtpmap:\d+ PCMU\/8000/im.test(sdp);
}

export class MediaSession {
  private readonly pc: RTCPeerConnection;
  private readonly track = new MediaStreamTrack({ kind: 'audio' });
  private transceiver: RTCRtpTransceiver | undefined;
  private clock: NodeJS.Timeout | undefined;
  private sequence = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0x7fffffff);
  private framesSent = 0;
  private clockStart = 0;
  private closed = false;
  private source: FrameSource | undefined;
  private audioListener: ((audio: ReceivedAudio) => void) | undefined;
  private telephoneEventTypes = new Set<number>([TELEPHONE_EVENT]);
  private readonly dtmf: DtmfDetector;
  private digitListener: ((digit: string) => void) | undefined;
  /** Counters for tests and the call log. */
  readonly stats = { rtpReceived: 0, audioPacketsReceived: 0, dtmfPacketsReceived: 0, framesSent: 0 };
  private connectedResolve!: () => void;
  /** Resolves when ICE + DTLS are up. */
  readonly connected: Promise<void>;

  private constructor(private readonly options: MediaSessionOptions) {
    this.connected = new Promise((resolve) => (this.connectedResolve = resolve));
    this.pc = new RTCPeerConnection({
      iceServers: [],
      iceAdditionalHostAddresses: options.iceAdditionalHostAddresses,
      iceUseIpv6: false,
      codecs: { audio: audioCodecs(), video: [] },
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
    const session = new MediaSession(options);
    try {
      await session.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      const transceiver = session.pc.getTransceivers().find((t) => t.kind === 'audio');
      if (!transceiver) throw new NoCommonCodecError('the offer has no audio stream');
      // werift matches codecs by name only: keep the 8000 Hz ones (no telephone-event/48000).
      transceiver.codecs = transceiver.codecs.filter(
        (c) => c.clockRate === 8000 && /^audio\/(pcmu|telephone-event)$/i.test(c.mimeType),
      );
      transceiver.setDirection('sendrecv');
      transceiver.sender.replaceTrack(session.track);
      session.transceiver = transceiver;
      const answer = await session.pc.createAnswer();
      await session.pc.setLocalDescription(answer);
      const sdp = session.pc.localDescription?.sdp ?? '';
      session.learnTelephoneEvent(sdp);
      if (!/^a=rtpmap:0 PCMU\/8000/m.test(sdp)) throw new NoCommonCodecError('PCMU not negotiated');
      return { session, sdp };
    } catch (error) {
      await session.close();
      throw error;
    }
  }

  /** Makes an offer (Play-On-Phone: the server calls the user). Complete with `acceptAnswer`. */
  static async offer(options: MediaSessionOptions): Promise<{ session: MediaSession; sdp: string }> {
    const session = new MediaSession(options);
    session.transceiver = session.pc.addTransceiver(session.track, { direction: 'sendrecv' });
    const offer = await session.pc.createOffer();
    await session.pc.setLocalDescription(offer);
    return { session, sdp: session.pc.localDescription?.sdp ?? '' };
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    if (!offersPcmu(answerSdp)) throw new NoCommonCodecError('the answer has no PCMU/8000 audio');
    this.learnTelephoneEvent(answerSdp);
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
    this.source = source;
    if (this.clock || this.closed) return;
    this.clockStart = performance.now();
    this.framesSent = 0;
    // A 5 ms tick that sends every frame that is due keeps the pace at
    // 50 frames/s on average despite timer jitter.
    this.clock = setInterval(() => this.tick(), 5);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.clock) clearInterval(this.clock);
    this.clock = undefined;
    this.audioListener = undefined;
    this.digitListener = undefined;
    await this.pc.close().catch(() => {});
  }

  private tick(): void {
    const due = Math.floor((performance.now() - this.clockStart) / FRAME_MS);
    // After a long stall, skip ahead instead of bursting.
    if (due - this.framesSent > 10) this.framesSent = due - 1;
    while (this.framesSent < due) {
      this.framesSent++;
      const frame = this.source?.() ?? Buffer.alloc(FRAME_BYTES, MULAW_SILENCE);
      this.send(frame);
    }
  }

  private send(frame: Buffer): void {
    if (this.closed || this.pc.connectionState !== 'connected') {
      // Keep the clocks running so the stream stays continuous once connected.
      this.sequence = (this.sequence + 1) & 0xffff;
      this.timestamp = (this.timestamp + FRAME_BYTES) >>> 0;
      return;
    }
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

  private receive(rtp: RtpPacket): void {
    this.stats.rtpReceived++;
    const pt = rtp.header.payloadType;
    if (this.telephoneEventTypes.has(pt)) {
      this.stats.dtmfPacketsReceived++;
      this.dtmf.push(rtp.header.timestamp, rtp.payload);
    } else if (pt === PCMU) {
      this.stats.audioPacketsReceived++;
      this.audioListener?.({ timestamp: rtp.header.timestamp, payload: rtp.payload });
    }
  }

  /** The peer's payload type(s) for telephone-event/8000. */
  private learnTelephoneEvent(sdp: string): void {
    for (const m of sdp.matchAll(/^a=rtpmap:(\d+) telephone-event\/8000/gim)) {
      this.telephoneEventTypes.add(Number(m[1]));
    }
  }
}
