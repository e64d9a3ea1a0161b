import { describe, expect, it } from 'vitest';
import { isInviteWithUntypedBody, isUntypedBody } from './untyped-body';

const invite = (headers: string[], body: string) =>
  ['INVITE sip:bob@x.invalid SIP/2.0', 'Via: SIP/2.0/WSS a;branch=z9hG4bK1', ...headers, '', body].join(
    '\r\n',
  );

describe('isInviteWithUntypedBody', () => {
  it('passes an INVITE whose body has a media type, and one without a body', () => {
    expect(isInviteWithUntypedBody(invite(['Content-Type: application/sdp'], 'v=0\r\n'))).toBe(false);
    expect(isInviteWithUntypedBody(invite(['c: application/sdp; charset=utf-8'], 'v=0\r\n'))).toBe(false);
    expect(isInviteWithUntypedBody(invite([], ''))).toBe(false);
  });
  it('flags a body without Content-Type, with a garbage one, or with two', () => {
    expect(isInviteWithUntypedBody(invite([], 'v=0\r\n'))).toBe(true);
    expect(isInviteWithUntypedBody(invite(['Content-Type: ;;;==='], 'v=0\r\n'))).toBe(true);
    expect(isInviteWithUntypedBody(invite(['Content-Type: a/b', 'Content-Type: c/d'], 'x'))).toBe(true);
  });
  it('only looks at INVITEs', () => {
    expect(isInviteWithUntypedBody('NOTIFY sip:b@x SIP/2.0\r\nVia: x\r\n\r\nbody')).toBe(false);
    expect(isInviteWithUntypedBody('SIP/2.0 200 OK\r\nVia: x\r\n\r\nbody')).toBe(false);
  });
});

describe('isUntypedBody (the same rule on a parsed message)', () => {
  it('passes a typed body and an empty one; flags a missing or garbage type', () => {
    expect(isUntypedBody('application/sdp', 'v=0\r\n')).toBe(false);
    expect(isUntypedBody(undefined, '')).toBe(false);
    expect(isUntypedBody(undefined, 'v=0\r\n')).toBe(true);
    expect(isUntypedBody(';;;===', 'v=0\r\n')).toBe(true);
  });
});
