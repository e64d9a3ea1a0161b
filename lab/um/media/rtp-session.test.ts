import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_BYTES } from './audio';
import { buildRtp, parseRtp } from './rtp';
import { PlainRtpSession } from './rtp-session';

const sockets: dgram.Socket[] = [];
const sessions: PlainRtpSession[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const s of sessions.splice(0)) await s.close();
});

async function socket(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  sockets.push(s);
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  return s;
}

function offerFrom(port: number): string {
  return [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    '',
  ].join('\r\n');
}

const rtp = (payloadType: number, sequence: number, timestamp: number, payload: Buffer) =>
  buildRtp({ payloadType, marker: false, sequence, timestamp, ssrc: 7, payload });

describe('plain RTP leg', () => {
  it('sends nothing until the peer is heard, takes only the offered address, and reads RFC 4733 digits', async () => {
    const peer = await socket();
    const stranger = await socket();
    const { session, sdp } = await PlainRtpSession.answer(offerFrom(peer.address().port), {
      host: '127.0.0.1',
      log: () => {},
    });
    sessions.push(session);
    const port = Number(/^m=audio (\d+) RTP\/AVP 0 101\r$/m.exec(sdp)?.[1]);
    const received: Buffer[] = [];
    peer.on('message', (m) => received.push(m));
    const digits: string[] = [];
    session.onDigit((d) => digits.push(d));
    const audio: number[] = [];
    session.onAudio((a) => audio.push(a.payload.length));
    session.start(() => Buffer.alloc(FRAME_BYTES, 0x55));

    // A stranger's packets are refused and do not open the stream.
    stranger.send(rtp(0, 1, 0, Buffer.alloc(160)), port, '127.0.0.1');
    stranger.send(rtp(101, 2, 0, Buffer.from([5, 0x80, 0, 160])), port, '127.0.0.1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(session.refused).toBe(2);
    expect(received).toHaveLength(0); // 10 frames were due: none sent before the peer spoke
    expect(digits).toEqual([]);

    // The peer: audio, then digit 5 (three end packets sharing one timestamp).
    peer.send(rtp(0, 1, 0, Buffer.alloc(160, 0xff)), port, '127.0.0.1');
    await session.connected;
    for (let i = 0; i < 3; i++)
      peer.send(rtp(101, 2 + i, 800, Buffer.from([5, 0x8a, 3, 0x20])), port, '127.0.0.1');
    await expect.poll(() => digits).toEqual(['5']);
    await expect.poll(() => received.length).toBeGreaterThan(2);
    const first = parseRtp(received[0]!);
    expect(first).toMatchObject({ payloadType: 0, marker: true });
    expect(first?.payload.length).toBe(FRAME_BYTES);
    expect(audio).toEqual([160]);
  });
});
