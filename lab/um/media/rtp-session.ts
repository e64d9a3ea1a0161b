/**
 * One call's plain RTP/AVP leg (RFC 3550/3551), as real voicemail servers
 * speak it: a UDP socket for RTP and one for RTCP (port + 1, read and
 * ignored), PCMU sent in 20 ms frames, PCMU or Opus and RFC 4733
 * telephone-events received. A browser reaches it through the proxy's media
 * relay (rtpengine), which terminates the browser's ICE and DTLS-SRTP.
 *
 * Attackers on the media port: only datagrams from the address and port the
 * offer named are taken (symmetric RTP, RFC 4961), and nothing is sent until
 * the first such packet has arrived, so an offer naming someone else's
 * address cannot turn the server into a source of unsolicited audio at them
 * (the peer has to be able to receive there and send from there first).
 */
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { FRAME_BYTES } from './audio';
import { DtmfDetector } from './dtmf';
import { FrameClock } from './frame-clock';
import type { FrameSource, MediaLeg, MediaStats, ReceivedAudio } from './leg';
import { buildRtp, parseRtp } from './rtp';
import { parsePlainOffer, plainAnswer, type PlainOffer } from './sdp-plain';

export interface PlainRtpOptions {
  /** The address to bind and to write in the answer (the server's media address). */
  host: string;
  log: (line: string) => void;
}

/** RTP ports tried for a socket pair: even numbers (RFC 3550 11) in this range. */
const PORT_MIN = 40000;
const PORT_MAX = 49998;

function bind(socket: dgram.Socket, host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onError = () => resolve(false);
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      resolve(true);
    });
  });
}

/** An even RTP port and the RTCP port above it, both bound. */
async function bindPair(host: string): Promise<{ rtp: dgram.Socket; rtcp: dgram.Socket; port: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = PORT_MIN + 2 * randomInt(0, (PORT_MAX - PORT_MIN) / 2);
    const rtp = dgram.createSocket('udp4');
    if (!(await bind(rtp, host, port))) {
      rtp.close();
      continue;
    }
    const rtcp = dgram.createSocket('udp4');
    if (!(await bind(rtcp, host, port + 1))) {
      rtp.close();
      rtcp.close();
      continue;
    }
    return { rtp, rtcp, port };
  }
  throw new Error(`no free RTP port pair on ${host}`);
}

export class PlainRtpSession implements MediaLeg {
  private readonly clock = new FrameClock((frame) => this.send(frame));
  private sequence = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0x7fffffff);
  private readonly ssrc = randomInt(1, 0xffffffff);
  private closed = false;
  private peerSeen = false;
  private audioListener: ((audio: ReceivedAudio) => void) | undefined;
  private digitListener: ((digit: string) => void) | undefined;
  private readonly dtmf = new DtmfDetector((digit) => this.digitListener?.(digit));
  readonly stats: MediaStats = {
    rtpReceived: 0,
    audioPacketsReceived: 0,
    dtmfPacketsReceived: 0,
    framesSent: 0,
  };
  /** Datagrams refused: from another address/port, or not RTP. */
  refused = 0;
  private connectedResolve!: () => void;
  readonly connected: Promise<void>;

  private constructor(
    private readonly offer: PlainOffer,
    private readonly rtp: dgram.Socket,
    private readonly rtcp: dgram.Socket,
    private readonly options: PlainRtpOptions,
  ) {
    this.connected = new Promise((resolve) => (this.connectedResolve = resolve));
    rtp.on('message', (datagram, from) => this.receive(datagram, from));
    rtp.on('error', (error) => options.log(`rtp socket: ${String(error)}`));
    rtcp.on('message', () => {}); // RTCP reports are read and dropped
    rtcp.on('error', () => {});
  }

  /** Answers a plain RTP/AVP offer (throws IncompatibleTransportError for a WebRTC one). */
  static async answer(
    offerSdp: string,
    options: PlainRtpOptions,
  ): Promise<{ session: PlainRtpSession; sdp: string }> {
    const offer = parsePlainOffer(offerSdp);
    const { rtp, rtcp, port } = await bindPair(options.host);
    const session = new PlainRtpSession(offer, rtp, rtcp, options);
    options.log(
      `plain RTP ${options.host}:${port} <-> ${offer.address}:${offer.port} (${offer.formats.map((f) => f.rtpmap).join(', ')})`,
    );
    return { session, sdp: plainAnswer(offer, options.host, port, randomInt(1, 2 ** 31)) };
  }

  onAudio(listener: ((audio: ReceivedAudio) => void) | undefined): void {
    this.audioListener = listener;
  }

  onDigit(listener: ((digit: string) => void) | undefined): void {
    this.digitListener = listener;
  }

  start(source: FrameSource): void {
    if (!this.closed) this.clock.run(source);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.clock.stop();
    this.audioListener = undefined;
    this.digitListener = undefined;
    this.rtp.close();
    this.rtcp.close();
    return Promise.resolve();
  }

  private send(frame: Buffer): void {
    const sequence = this.sequence;
    const timestamp = this.timestamp;
    this.sequence = (this.sequence + 1) & 0xffff;
    this.timestamp = (this.timestamp + FRAME_BYTES) >>> 0;
    // Keep the clocks running until the peer is heard from (see the header), and when it
    // asked for no audio (RFC 3264 6.1 recvonly/inactive answers mean we do not send).
    const sending = this.offer.direction === 'sendrecv' || this.offer.direction === 'sendonly';
    if (this.closed || !this.peerSeen || !sending) return;
    const packet = buildRtp({
      payloadType: this.offer.pcmu,
      marker: this.stats.framesSent === 0,
      sequence,
      timestamp,
      ssrc: this.ssrc,
      payload: frame,
    });
    this.rtp.send(packet, this.offer.port, this.offer.address, (error) => {
      if (error) this.options.log(`rtp send failed: ${String(error)}`);
    });
    this.stats.framesSent++;
  }

  private receive(datagram: Buffer, from: dgram.RemoteInfo): void {
    if (this.closed) return;
    if (from.address !== this.offer.address || from.port !== this.offer.port) {
      this.refused++;
      return;
    }
    const rtp = parseRtp(datagram);
    if (!rtp) {
      this.refused++;
      return;
    }
    this.stats.rtpReceived++;
    if (!this.peerSeen) {
      this.peerSeen = true;
      this.options.log('media connected (first RTP from the peer)');
      this.connectedResolve();
    }
    if (this.offer.telephoneEvents.includes(rtp.payloadType)) {
      this.stats.dtmfPacketsReceived++;
      this.dtmf.push(rtp.timestamp, rtp.payload);
    } else if (rtp.payloadType === this.offer.pcmu || rtp.payloadType === this.offer.opus) {
      this.stats.audioPacketsReceived++;
      const codec = rtp.payloadType === this.offer.pcmu ? 'pcmu' : 'opus';
      this.audioListener?.({ timestamp: rtp.timestamp, payload: rtp.payload, codec });
    }
  }
}
