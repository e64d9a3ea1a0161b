import { describe, expect, it } from 'vitest';
import { linearToMulaw, mulawToLinear } from './audio';
import { IncompatibleTransportError, NoCommonCodecError, parseMediaMode } from './leg';
import { buildRtp, parseRtp } from './rtp';
import { parsePlainOffer, plainAnswer } from './sdp-plain';

const RTPENGINE_OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 30000 RTP/AVP 111 63 9 0 8 13 110 126',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'a=sendrecv',
  'a=rtcp:30001',
  '',
].join('\r\n');

describe('plain RTP offer/answer (RFC 3264)', () => {
  it('answers Opus first, PCMU, and both telephone-events, on its own address', () => {
    const offer = parsePlainOffer(RTPENGINE_OFFER);
    expect(offer).toMatchObject({
      address: '127.0.0.1',
      port: 30000,
      pcmu: 0,
      opus: 111,
      telephoneEvents: [110, 126],
    });
    const answer = plainAnswer(offer, '127.0.0.2', 40000, 7);
    expect(answer).toContain('m=audio 40000 RTP/AVP 111 0 110 126\r\n');
    expect(answer).toContain('c=IN IP4 127.0.0.2\r\n');
    expect(answer).toContain('a=fmtp:126 0-16\r\n');
    expect(answer).not.toMatch(/fingerprint|ice-|G722|PCMA/);
  });

  it('refuses a WebRTC offer as an incompatible transport (488 + Warning 302), not as a codec problem', () => {
    const webrtc = RTPENGINE_OFFER.replace('RTP/AVP', 'UDP/TLS/RTP/SAVPF').replace(
      'a=sendrecv',
      'a=fingerprint:sha-256 AB:CD\r\na=ice-ufrag:x\r\na=sendrecv',
    );
    expect(() => parsePlainOffer(webrtc)).toThrow(IncompatibleTransportError);
    const avpWithDtls = RTPENGINE_OFFER.replace('a=sendrecv', 'a=fingerprint:sha-256 AB:CD');
    expect(() => parsePlainOffer(avpWithDtls)).toThrow(IncompatibleTransportError);
  });

  it('refuses an offer without PCMU, and answers other streams with port 0', () => {
    expect(() =>
      parsePlainOffer(RTPENGINE_OFFER.replace(/ 0 8 /, ' 8 ').replace('a=rtpmap:0 PCMU/8000\r\n', '')),
    ).toThrow(NoCommonCodecError);
    const withVideo = RTPENGINE_OFFER + 'm=video 30002 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n';
    const answer = plainAnswer(parsePlainOffer(withVideo), '127.0.0.2', 40000, 7);
    expect(answer).toContain('m=video 0 RTP/AVP 96\r\n');
  });

  it('reverses the direction and refuses what it cannot read', () => {
    expect(parsePlainOffer(RTPENGINE_OFFER.replace('a=sendrecv', 'a=sendonly')).direction).toBe('recvonly');
    expect(() => parsePlainOffer(RTPENGINE_OFFER.replace('c=IN IP4 127.0.0.1', 'c=IN IP6 ::1'))).toThrow(
      IncompatibleTransportError,
    );
    expect(() =>
      parsePlainOffer(RTPENGINE_OFFER.replace('c=IN IP4 127.0.0.1', 'c=IN IP4 999.1.1.1')),
    ).toThrow();
  });
});

describe('RTP packets (RFC 3550 5.1)', () => {
  it('round-trips, and skips CSRCs, extensions and padding', () => {
    const packet = {
      payloadType: 0,
      marker: true,
      sequence: 65535,
      timestamp: 0xfffffff0,
      ssrc: 42,
      payload: Buffer.from([1, 2, 3]),
    };
    expect(parseRtp(buildRtp(packet))).toEqual(packet);
    const raw = buildRtp(packet);
    raw[0] = 0x80 | 0x20 | 0x10 | 1; // padding, extension, one CSRC
    const withAll = Buffer.concat([
      raw.subarray(0, 12),
      Buffer.alloc(4),
      Buffer.from([0xbe, 0xde, 0, 1]),
      Buffer.alloc(4),
      Buffer.from([1, 2, 3]),
      Buffer.from([0, 2]),
    ]);
    expect(parseRtp(withAll)?.payload).toEqual(Buffer.from([1, 2, 3]));
  });

  it('refuses RTCP, other versions and truncated packets', () => {
    const rtcp = Buffer.from([0x80, 200, 0, 6, ...new Array(24).fill(0)]);
    expect(parseRtp(rtcp)).toBeUndefined();
    expect(parseRtp(Buffer.alloc(11, 0x80))).toBeUndefined();
    const v1 = buildRtp({
      payloadType: 0,
      marker: false,
      sequence: 1,
      timestamp: 1,
      ssrc: 1,
      payload: Buffer.alloc(1),
    });
    v1[0] = 0x40;
    expect(parseRtp(v1)).toBeUndefined();
    const badPad = buildRtp({
      payloadType: 0,
      marker: false,
      sequence: 1,
      timestamp: 1,
      ssrc: 1,
      payload: Buffer.from([9]),
    });
    badPad[0] = 0xa0;
    expect(parseRtp(badPad)).toBeUndefined();
  });
});

describe('G.711 mu-law encoder', () => {
  it('is the inverse of the decoder for every code (but negative zero)', () => {
    for (let code = 0; code < 256; code++) {
      if (code === 0x7f) continue; // -0 encodes as +0
      expect(linearToMulaw(mulawToLinear(code))).toBe(code);
    }
    expect(linearToMulaw(0)).toBe(0xff);
  });
});

describe('LAB_UM_MEDIA', () => {
  it('takes rtp or webrtc and refuses anything else', () => {
    expect(parseMediaMode(undefined)).toBe('webrtc');
    expect(parseMediaMode('RTP')).toBe('rtp');
    expect(() => parseMediaMode('srtp')).toThrow();
  });
});
