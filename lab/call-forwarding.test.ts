import { describe, expect, it } from 'vitest';
import {
  forwardingIncludeLines,
  forwardingRpcArgs,
  forwardingTargetUri,
  parseCallForwarding,
  resolveCallForwarding,
} from './call-forwarding';
import { labConfigFromEnv } from './lab';

const USERS = ['alice', 'bob', 'carol'];
const DOMAIN = 'umphone.test';

describe('call forwarding targets', () => {
  it('accepts a lab user name or a SIP URI of the lab domain, and routes to sip:user@domain', () => {
    expect(forwardingTargetUri('bob', 'carol', USERS, DOMAIN)).toBe('sip:carol@umphone.test');
    expect(forwardingTargetUri('bob', ' sip:carol@UMPHONE.test ', USERS, DOMAIN)).toBe(
      'sip:carol@umphone.test',
    );
  });

  it('refuses unknown users, other domains, URI parameters, and forwarding to oneself', () => {
    expect(() => forwardingTargetUri('bob', 'dave', USERS, DOMAIN)).toThrow(/no lab user "dave"/);
    expect(() => forwardingTargetUri('dave', 'carol', USERS, DOMAIN)).toThrow(/no lab user "dave"/);
    expect(() => forwardingTargetUri('bob', 'sip:carol@example.com', USERS, DOMAIN)).toThrow(/lab domain/);
    expect(() => forwardingTargetUri('bob', 'sip:carol@umphone.test;maddr=x', USERS, DOMAIN)).toThrow();
    expect(() => forwardingTargetUri('bob', 'tel:+15550100', USERS, DOMAIN)).toThrow();
    expect(() => forwardingTargetUri('bob', 'carol"; exit; "', USERS, DOMAIN)).toThrow();
    expect(() => forwardingTargetUri('bob', 'bob', USERS, DOMAIN)).toThrow(/themself/);
    expect(() => forwardingTargetUri('bob', 'sip:bob@umphone.test', USERS, DOMAIN)).toThrow(/themself/);
  });

  it('validates a whole setting', () => {
    expect(resolveCallForwarding({ bob: 'carol', carol: 'sip:alice@umphone.test' }, USERS, DOMAIN)).toEqual({
      bob: 'sip:carol@umphone.test',
      carol: 'sip:alice@umphone.test',
    });
    expect(() => resolveCallForwarding({ bob: 'nobody' }, USERS, DOMAIN)).toThrow();
  });
});

describe('LAB_CALL_FORWARDING', () => {
  it('reads user=target pairs', () => {
    expect(parseCallForwarding('bob=carol, alice=sip:bob@umphone.test')).toEqual({
      bob: 'carol',
      alice: 'sip:bob@umphone.test',
    });
    expect(labConfigFromEnv({ LAB_CALL_FORWARDING: 'bob=carol' }).callForwarding).toEqual({ bob: 'carol' });
    expect(labConfigFromEnv({}).callForwarding).toBeUndefined();
  });

  it('refuses pairs without a user or a target', () => {
    expect(() => parseCallForwarding('bob')).toThrow(/user=target/);
    expect(() => parseCallForwarding('=carol')).toThrow(/user=target/);
    expect(() => parseCallForwarding('bob=')).toThrow(/user=target/);
  });
});

describe('the lab_fwd htable', () => {
  it('is filled by the generated include', () => {
    expect(forwardingIncludeLines({ bob: 'sip:carol@umphone.test' })).toEqual([
      '\t$sht(lab_fwd=>bob) = "sip:carol@umphone.test";',
    ]);
    expect(forwardingIncludeLines({})).toEqual([]);
  });

  it('is changed at run time with string-typed htable RPC arguments', () => {
    expect(forwardingRpcArgs('bob', 'sip:carol@umphone.test')).toEqual([
      'htable.sets',
      'lab_fwd',
      's:bob',
      's:sip:carol@umphone.test',
    ]);
    expect(forwardingRpcArgs('bob', null)).toEqual(['htable.delete', 'lab_fwd', 's:bob']);
  });
});
