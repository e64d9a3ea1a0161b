import { describe, expect, it } from 'vitest';
import {
  answerIsAutomaton,
  inviteResponseKey,
  readProvisionalResponse,
  whoAnswered,
  type DiversionNotice,
} from './call-diversion';

/** A response to our INVITE with the given status line and extra header lines. */
function response(status: string, ...headers: string[]): string {
  return [
    `SIP/2.0 ${status}`,
    'Via: SIP/2.0/WSS alice.invalid;branch=z9hG4bK1',
    'From: <sip:alice@umphone.test>;tag=a1',
    'To: <sip:bob@umphone.test>',
    'Call-ID: c1',
    'CSeq: 1 INVITE',
    ...headers,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

const UM_CONTACT = 'Contact: <sip:um@127.0.0.2:5071;transport=tls>;automata';
const DIVERSION = 'Diversion: <sip:bob@umphone.test>;reason=no-answer;counter=1';

describe('readProvisionalResponse', () => {
  it('MS-EUMR 3.1.5.4: a 101 progress report carrying the Diversion the UM server got (3.1.5 step 2)', () => {
    expect(readProvisionalResponse(response('101 Progress Report', DIVERSION))).toEqual({
      from: 'sip:bob@umphone.test',
      reason: 'no-answer',
      toVoicemail: false,
    });
  });

  it('RFC 3261 §21.1.3: a bare 181 Call Is Being Forwarded says forwarded, no more', () => {
    expect(readProvisionalResponse(response('181 Call Is Being Forwarded'))).toEqual({ toVoicemail: false });
  });

  it('RFC 7044 History-Info retargeted to the MS-OCEXUM voicemail URI says voicemail', () => {
    const history =
      'History-Info: <sip:bob@umphone.test?Reason=SIP%3Bcause%3D408>;index=1,' +
      '<sip:bob@umphone.test;opaque=app:voicemail>;index=1.1;rc=1';
    expect(readProvisionalResponse(response('181 Call Is Being Forwarded', history))).toEqual({
      from: 'sip:bob@umphone.test?Reason=SIP%3Bcause%3D408',
      toVoicemail: true,
    });
  });

  it('an RFC 4458 voicemail URI (target and cause) in History-Info says voicemail', () => {
    const history =
      'History-Info: <sip:bob@umphone.test>;index=1, <sip:vm@umphone.test;target=bob;cause=486>;index=1.1';
    expect(readProvisionalResponse(response('181 Call Is Being Forwarded', history))?.toVoicemail).toBe(true);
  });

  it('History-Info retargeted to a person says forwarded, not voicemail', () => {
    const history = 'History-Info: <sip:bob@umphone.test>;index=1, <sip:carol@umphone.test>;index=1.1;mp=1';
    expect(readProvisionalResponse(response('183 Session Progress', history))).toEqual({
      from: 'sip:bob@umphone.test',
      toVoicemail: false,
    });
  });

  it.each([
    ['a plain 180', response('180 Ringing')],
    ['100 Trying even with a Diversion', response('100 Trying', DIVERSION)],
    ['a final response', response('200 OK', DIVERSION)],
    ['a response to another method', response('181 Call Is Being Forwarded').replace('1 INVITE', '2 BYE')],
    ['two CSeq headers', response('181 Call Is Being Forwarded', 'CSeq: 2 BYE')],
    [
      'a single History-Info entry (not retargeted)',
      response('183 Session Progress', 'History-Info: <sip:bob@umphone.test>;index=1'),
    ],
    ['not text', 42],
    ['garbage', 'hello\r\n\r\n'],
  ])('says nothing for %s', (_what, text) => {
    expect(readProvisionalResponse(text)).toBeUndefined();
  });

  it('hostile Diversion values: an unreadable address or reason is not repeated, the forwarding still counts', () => {
    expect(
      readProvisionalResponse(
        response('101 Progress Report', 'Diversion: <javascript:alert(1)>;reason="<b>"'),
      ),
    ).toEqual({
      toVoicemail: false,
    });
    expect(
      readProvisionalResponse(
        response(
          '101 Progress Report',
          'Diversion: "Bob, <sip:evil@x>" <sip:bob@umphone.test>;reason=user-busy',
        ),
      ),
    ).toEqual({ from: 'sip:bob@umphone.test', reason: 'user-busy', toVoicemail: false });
  });

  it('a voicemail URI hidden in a quoted display name or a URI header is not a voicemail target', () => {
    const quoted =
      'History-Info: <sip:bob@umphone.test>;index=1, "sip:x;opaque=app:voicemail" <sip:carol@umphone.test>;index=1.1';
    const header =
      'History-Info: <sip:bob@umphone.test>;index=1, <sip:carol@umphone.test?opaque=app:voicemail>;index=1.1';
    expect(readProvisionalResponse(response('181 Call Is Being Forwarded', quoted))?.toVoicemail).toBe(false);
    expect(readProvisionalResponse(response('181 Call Is Being Forwarded', header))?.toVoicemail).toBe(false);
  });
});

describe('answerIsAutomaton (RFC 3840 automata on the answering Contact, MS-OCEXUM 2010 ed. 2.2.5)', () => {
  it.each([
    [UM_CONTACT, true],
    ['Contact: <sip:um@um.test>;automata="TRUE"', true],
    ['m: <sip:um@um.test>;automata', true],
    ['Contact: <sip:um@um.test>;automata="FALSE"', false],
    ['Contact: <sip:um@um.test;automata>', false],
    ['Contact: "automata" <sip:um@um.test>', false],
    ['Contact: <sip:bob@b.invalid;transport=ws>', false],
    ['Contact: <sip:a@x>;automata, <sip:b@y>', false],
  ])('%s -> %s', (contact, expected) => {
    expect(answerIsAutomaton(response('200 OK', contact))).toBe(expected);
  });

  it('two Contact headers (one marked) make no claim', () => {
    expect(answerIsAutomaton(response('200 OK', UM_CONTACT, 'Contact: <sip:bob@b.invalid>'))).toBe(false);
  });
});

describe('whoAnswered', () => {
  const forwarded: DiversionNotice = { from: 'sip:bob@umphone.test', toVoicemail: false };
  const toMailbox: DiversionNotice = { toVoicemail: true };
  const human = response('200 OK', 'Contact: <sip:bob@b.invalid;transport=ws>');
  const um = response('200 OK', UM_CONTACT);

  it('diverted and answered by an automaton: the voicemail', () => {
    expect(whoAnswered(um, [forwarded])).toBe('voicemail');
  });
  it('an automaton answering without any forwarding notice: still the voicemail (MS-OCEXUM 2.2.5)', () => {
    expect(whoAnswered(um, [])).toBe('voicemail');
  });
  it('History-Info naming a mailbox: the voicemail, even without the marker', () => {
    expect(whoAnswered(human, [forwarded, toMailbox])).toBe('voicemail');
  });
  it('forwarded and answered by a person: forwarded', () => {
    expect(whoAnswered(human, [forwarded])).toBe('forwarded');
  });
  it('nothing said: the callee', () => {
    expect(whoAnswered(human, [])).toBe('callee');
    expect(whoAnswered(undefined, [])).toBe('callee');
  });
});

describe('inviteResponseKey', () => {
  it('reads status, Call-ID and CSeq number of a response to an INVITE', () => {
    expect(inviteResponseKey(response('101 Progress Report'))).toEqual({
      status: 101,
      callId: 'c1',
      cseq: 1,
    });
    expect(inviteResponseKey(response('200 OK'))).toEqual({ status: 200, callId: 'c1', cseq: 1 });
  });
  it.each([
    ['a request', 'INVITE sip:bob@x SIP/2.0\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n\r\n'],
    ['a response to BYE', response('200 OK').replace('1 INVITE', '1 BYE')],
    ['two Call-IDs', response('200 OK', 'Call-ID: c2')],
    ['two CSeqs', response('200 OK', 'CSeq: 2 INVITE')],
    ['not text', null],
  ])('undefined for %s', (_what, text) => {
    expect(inviteResponseKey(text)).toBeUndefined();
  });
});
