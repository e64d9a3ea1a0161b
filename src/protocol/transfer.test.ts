import { describe, expect, it } from 'vitest';
import {
  attendedReferTo,
  mayDivertToVoicemail,
  parseReplaces,
  readReferTo,
  replacementAllowed,
  replacesValue,
  sipfragStatus,
} from './transfer';

const CAROL = 'sip:carol@umphone.test';

describe('send to voicemail (MS-OCEXUM 3.2: no diversion)', () => {
  it('an ordinary call may go to voicemail; Play-On-Phone or private-no-diversion never', () => {
    expect(mayDivertToVoicemail({ purpose: 'call' })).toBe(true);
    expect(mayDivertToVoicemail({ purpose: 'play-on-phone' })).toBe(false);
    expect(mayDivertToVoicemail({ purpose: 'call', noDiversion: true })).toBe(false);
  });
});

describe('Replaces (RFC 3891 §6.1)', () => {
  it('writes and reads call-id and both tags', () => {
    const value = replacesValue({ callId: 'abc@host', toTag: 't1', fromTag: 'f1' });
    expect(value).toBe('abc@host;to-tag=t1;from-tag=f1');
    expect(parseReplaces(value)).toEqual({ callId: 'abc@host', toTag: 't1', fromTag: 'f1' });
    expect(parseReplaces('abc;from-tag=f;to-tag=t;early-only')).toEqual({
      callId: 'abc',
      toTag: 't',
      fromTag: 'f',
      earlyOnly: true,
    });
  });

  it('refuses a value it cannot read one way: a missing or doubled tag, or a breaking character', () => {
    expect(parseReplaces('abc;to-tag=t')).toBeUndefined();
    expect(parseReplaces('abc;to-tag=t;to-tag=u;from-tag=f')).toBeUndefined();
    expect(() => replacesValue({ callId: 'a;b', toTag: 't', fromTag: 'f' })).toThrow();
    expect(() => replacesValue({ callId: 'a', toTag: 't\r\nX: y', fromTag: 'f' })).toThrow();
  });

  it('an attended transfer refers to the consulted party’s AOR with the dialog escaped', () => {
    expect(attendedReferTo('sip:bob@umphone.test', { callId: 'c1@h', toTag: 'b', fromTag: 'a' })).toBe(
      '<sip:bob@umphone.test?Replaces=c1%40h%3Bto-tag%3Db%3Bfrom-tag%3Da>',
    );
  });
});

describe('an incoming REFER’s Refer-To (the transferee, RFC 3515)', () => {
  it('follows one SIP URI, to a person or into a mailbox', () => {
    expect(readReferTo('<sip:bob@umphone.test>', CAROL)).toEqual({
      action: 'follow',
      target: 'sip:bob@umphone.test',
      peer: 'sip:bob@umphone.test',
      toVoicemail: false,
    });
    expect(readReferTo('<sip:bob@umphone.test;opaque=app:voicemail>', CAROL)).toMatchObject({
      action: 'follow',
      target: 'sip:bob@umphone.test;opaque=app:voicemail',
      peer: 'sip:bob@umphone.test',
      toVoicemail: true,
    });
    expect(
      readReferTo('<sip:bob@umphone.test?Replaces=c1%40h%3Bto-tag%3Db%3Bfrom-tag%3Da>', CAROL),
    ).toMatchObject({ action: 'follow', replaces: { callId: 'c1@h', toTag: 'b', fromTag: 'a' } });
  });

  it.each([
    ['<sip:carol@umphone.test;opaque=app:voicemail>', 403], // her own mailbox
    ['<sip:carol@umphone.test>', 403], // herself
    ['<sip:bob@umphone.test?Ms-Exchange-Command=skip-pin>', 403], // a header of our INVITE
    ['<sip:bob@umphone.test?Replaces=a%3Bto-tag%3Db%3Bfrom-tag%3Dc&Subject=x>', 403],
    ['<sip:bob@umphone.test>, <sip:eve@umphone.test>', 400], // two targets
    ['<tel:+15551234>', 400],
    ['<sip:bob@umphone.test?Replaces=nonsense>', 400],
    ['<sip:bob@umphone.test;opaque=app:voicemail?Replaces=a%3Bto-tag%3Db%3Bfrom-tag%3Dc>', 400],
  ])('refuses %s with %i', (value, status) => {
    expect(readReferTo(value, CAROL)).toMatchObject({ action: 'refuse', status });
  });
});

describe('who may take a call over (RFC 3891 §6)', () => {
  const call = { state: 'connected' as const, peerUri: 'sip:alice@umphone.test' };
  it('the other party of that call, referring someone', () => {
    expect(replacementAllowed({ ...call, referredBy: '<sip:alice@umphone.test>' })).toEqual({
      allowed: true,
    });
  });
  it('nobody else, nobody unnamed, and no call that is not established', () => {
    expect(replacementAllowed({ ...call, referredBy: '<sip:mallory@umphone.test>' })).toMatchObject({
      status: 403,
    });
    expect(replacementAllowed({ ...call, referredBy: undefined })).toMatchObject({ status: 403 });
    expect(
      replacementAllowed({ ...call, state: 'ringing', referredBy: '<sip:alice@umphone.test>' }),
    ).toMatchObject({ status: 481 });
  });
});

describe('sipfrag NOTIFY bodies (RFC 3515 §2.4.5)', () => {
  it('reads the status line', () => {
    expect(sipfragStatus('SIP/2.0 200 OK')).toBe(200);
    expect(sipfragStatus('SIP/2.0 100 Trying\r\n')).toBe(100);
    expect(sipfragStatus('SIP/2.0 603 Decline')).toBe(603);
    expect(sipfragStatus('INVITE sip:x SIP/2.0')).toBeUndefined();
  });
});
