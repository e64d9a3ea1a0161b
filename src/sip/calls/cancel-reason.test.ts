import { describe, expect, it } from 'vitest';
import { handledElsewhereCause } from './cancel-reason';

describe('a CANCEL’s Reason (RFC 3326): handled on another device?', () => {
  it('reads the proxy’s cause: answered (2xx), sent on (3xx), declined everywhere (6xx)', () => {
    expect(handledElsewhereCause(['SIP;cause=302'])).toBe(302);
    expect(handledElsewhereCause(['SIP ;cause=200 ;text="Call completed elsewhere"'])).toBe(200);
    expect(handledElsewhereCause(['sip; CAUSE = 603'])).toBe(603);
  });

  it('anything else is an ordinary CANCEL: the caller gave up', () => {
    expect(handledElsewhereCause([])).toBeUndefined();
    expect(handledElsewhereCause(['SIP;cause=487'])).toBeUndefined();
    expect(handledElsewhereCause(['Q.850;cause=16'])).toBeUndefined();
    expect(handledElsewhereCause(['SIP;text="no cause"'])).toBeUndefined();
    expect(handledElsewhereCause(['SIP;cause=200x'])).toBeUndefined();
    // one reading only: two values, two causes or two headers are not guessed at
    expect(handledElsewhereCause(['SIP;cause=200, SIP;cause=487'])).toBeUndefined();
    expect(handledElsewhereCause(['SIP;cause=200;cause=302'])).toBeUndefined();
    expect(handledElsewhereCause(['SIP;cause=200', 'SIP;cause=302'])).toBeUndefined();
  });
});
