import { describe, expect, it } from 'vitest';
import { remoteHoldFromOffer } from './sdp-hold';

function sdp(...lines: string[]): string {
  return ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', ...lines, ''].join('\r\n');
}
const AUDIO = 'm=audio 9 UDP/TLS/RTP/SAVPF 111 0';

describe('remoteHoldFromOffer (RFC 3264 §8.4)', () => {
  it.each([
    ['sendonly (they play music, we only listen)', sdp(AUDIO, 'a=sendonly'), 'held'],
    ['inactive', sdp(AUDIO, 'a=inactive'), 'held'],
    ['sendrecv', sdp(AUDIO, 'a=sendrecv'), 'active'],
    ['recvonly (they do not send)', sdp(AUDIO, 'a=recvonly'), 'active'],
    ['no direction: sendrecv', sdp(AUDIO), 'active'],
    ['session-level sendonly', sdp('a=sendonly', AUDIO), 'held'],
    ['media level overrides the session level', sdp('a=sendonly', AUDIO, 'a=sendrecv'), 'active'],
    ['RFC 2543 null address', sdp(AUDIO, 'c=IN IP4 0.0.0.0'), 'held'],
    ['a media c= replaces a null session c=', sdp('c=IN IP4 0.0.0.0', AUDIO, 'c=IN IP4 127.0.0.1'), 'active'],
    ['LF line ends', sdp(AUDIO, 'a=inactive').replaceAll('\r\n', '\n'), 'held'],
    [
      'a video stream does not count',
      sdp(AUDIO, 'a=sendrecv', 'm=video 9 RTP/AVP 96', 'a=inactive'),
      'active',
    ],
    [
      'a disabled audio stream (port 0) does not count',
      sdp('m=audio 0 RTP/AVP 0', 'a=inactive', AUDIO),
      'active',
    ],
  ])('%s -> %s', (_what, offer, expected) => {
    expect(remoteHoldFromOffer(offer)).toBe(expected);
  });

  it.each([
    ['two directions on one stream', sdp(AUDIO, 'a=sendonly', 'a=sendrecv')],
    ['two directions at session level', sdp('a=sendonly', 'a=sendrecv', AUDIO)],
    ['audio streams that disagree', sdp(AUDIO, 'a=sendonly', AUDIO, 'a=sendrecv')],
    ['no audio at all', sdp('m=video 9 RTP/AVP 96')],
    ['an empty body', ''],
    ['not text', undefined],
    ['a huge body', sdp(AUDIO, 'a=inactive', 'a=x'.padEnd(70_000, 'x'))],
  ])('no single reading: %s', (_what, offer) => {
    expect(remoteHoldFromOffer(offer)).toBeUndefined();
  });
});
