import { describe, expect, it } from 'vitest';
import { parseSipMessage, type SipRequest } from '../sip/message';
import { parseNameAddr } from '../sip/uri';
import { classifyInvite, type InviteContext } from './classify';

/** The P-Asserted-Identity the lab proxy adds for an authenticated From (RFC 3325 9.1). */
function assertedFor(from: string): string | null {
  const parsed = parseNameAddr(from);
  return parsed ? `<${parsed.uri.scheme}:${parsed.uri.user}@${parsed.uri.host}>` : null;
}

/** An INVITE as the proxy relays it: by default with the PAI of the From's user. */
function invite(
  uri: string,
  extra: string[],
  from = '<sip:bob@umphone.test>;tag=1',
  asserted: string | null = assertedFor(from),
): SipRequest {
  const head = [
    `INVITE ${uri} SIP/2.0`,
    'Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK1',
    `From: ${from}`,
    `To: <${uri}>`,
    'Call-ID: c1',
    'CSeq: 1 INVITE',
    ...(asserted === null ? [] : [`P-Asserted-Identity: ${asserted}`]),
    ...extra,
  ].join('\r\n');
  const parsed = parseSipMessage(head, Buffer.alloc(0));
  if (parsed.kind !== 'request') throw new Error(JSON.stringify(parsed));
  return parsed;
}

const ctx: InviteContext = {
  domain: 'umphone.test',
  isMailbox: (u) => u === 'bob' || u === 'alice',
  trustedTransport: true,
  displayName: (u) => ({ alice: 'Alice Example', bob: 'Bob Example' })[u],
};
const VM_BOB = 'sip:bob@umphone.test;opaque=app:voicemail';

describe('classifyInvite', () => {
  it('MS-OCEXUM 3.1: skip-pin from the owner over the trusted transport skips the PIN', () => {
    expect(classifyInvite(invite(VM_BOB, ['Ms-Exchange-Command: skip-pin']), ctx)).toMatchObject({
      kind: 'subscriber-access',
      mailbox: 'bob',
      skipPinRequested: true,
      skipPin: true,
    });
  });

  it('asks for the PIN without skip-pin, or when the transport is not trusted', () => {
    expect(classifyInvite(invite(VM_BOB, []), ctx)).toMatchObject({
      kind: 'subscriber-access',
      skipPin: false,
    });
    expect(
      classifyInvite(invite(VM_BOB, ['Ms-Exchange-Command: skip-pin']), { ...ctx, trustedTransport: false }),
    ).toMatchObject({ kind: 'subscriber-access', skipPinRequested: true, skipPin: false });
  });

  it('reads the header case-insensitively but only the skip-pin value', () => {
    expect(classifyInvite(invite(VM_BOB, ['ms-exchange-command: SKIP-PIN']), ctx)).toMatchObject({
      skipPin: true,
    });
    expect(classifyInvite(invite(VM_BOB, ['Ms-Exchange-Command: skip-pin-please']), ctx)).toMatchObject({
      skipPin: false,
    });
  });

  it("a call to someone else's voicemail is a deposit; skip-pin changes nothing", () => {
    const route = classifyInvite(
      invite(
        VM_BOB,
        ['Ms-Exchange-Command: skip-pin', 'Subject: Quarterly numbers', 'Priority: Urgent'],
        '"Alice Example" <sip:alice@umphone.test>;tag=9',
      ),
      ctx,
    );
    expect(route).toEqual({
      kind: 'deposit',
      mailbox: 'bob',
      skipPinRequested: true,
      diverted: false,
      caller: 'sip:alice@umphone.test',
      callerName: 'Alice Example',
      subject: 'Quarterly numbers',
      priority: 'urgent',
    });
  });

  it("MS-EUMR 3.1.5: a diverted call goes to the Diversion user's mailbox", () => {
    const route = classifyInvite(
      invite(
        'sip:bob@umphone.test;opaque=app:voicemail',
        ['Diversion: <sip:bob@umphone.test>;reason=no-answer'],
        '<sip:alice@umphone.test>;tag=2',
      ),
      ctx,
    );
    expect(route).toMatchObject({ kind: 'deposit', mailbox: 'bob', diverted: true });
    const other = classifyInvite(
      invite('sip:um@umphone.test', ['Diversion: <sip:alice@umphone.test>;reason=user-busy']),
      ctx,
    );
    expect(other).toMatchObject({ kind: 'deposit', mailbox: 'alice', caller: 'sip:bob@umphone.test' });
  });

  it('ignores skip-pin on a diverted call, even from the owner (Exchange behaviour)', () => {
    expect(
      classifyInvite(
        invite(VM_BOB, [
          'Ms-Exchange-Command: skip-pin',
          'Diversion: <sip:bob@umphone.test>;reason=no-answer',
        ]),
        ctx,
      ),
    ).toMatchObject({ kind: 'subscriber-access', skipPinRequested: true, skipPin: false, diverted: true });
  });

  it('cleans Subject (control characters, length) and reads Priority', () => {
    const route = classifyInvite(
      invite(
        VM_BOB,
        [`Subject: \u0007Hi\u0000 there\u202e${'x'.repeat(500)}`, 'Priority: normal'],
        '<sip:alice@umphone.test>;tag=3',
      ),
      ctx,
    );
    if (route.kind !== 'deposit') throw new Error(route.kind);
    expect(route.subject.startsWith('Hi there')).toBe(true);
    expect(route.subject.length).toBeLessThanOrEqual(200);
    expect(route.priority).toBe('normal');
  });

  it('refuses unknown mailboxes, other domains, and non-voicemail URIs', () => {
    expect(classifyInvite(invite('sip:carol@umphone.test;opaque=app:voicemail', []), ctx)).toMatchObject({
      kind: 'reject',
      status: 404,
    });
    expect(classifyInvite(invite('sip:bob@example.com;opaque=app:voicemail', []), ctx)).toMatchObject({
      kind: 'reject',
      status: 404,
    });
    expect(classifyInvite(invite('sip:bob@umphone.test', []), ctx)).toMatchObject({
      kind: 'reject',
      status: 404,
    });
    expect(classifyInvite(invite(VM_BOB, [], 'garbage'), ctx)).toMatchObject({ kind: 'reject', status: 400 });
  });
});

describe('classifyInvite: the MS-EUMR 2.2.2 Request-URI of a routing proxy', () => {
  const DP = 'sip:umphone-dialplan@127.0.0.2:5061;transport=tls;maddr=127.0.0.2';
  const eumr: InviteContext = { ...ctx, dialPlans: ['umphone-dialplan'] };

  it('with a Diversion: a deposit into the diverted user’s mailbox with the caller’s Subject and Priority; skip-pin ignored', () => {
    const route = classifyInvite(
      invite(
        DP,
        [
          'Diversion: <sip:bob@umphone.test>;reason=no-answer;counter=1',
          'Subject: Quarterly numbers',
          'Priority: urgent',
          'Supported: ms-fe',
        ],
        '"Alice Example" <sip:alice@umphone.test>;tag=1',
      ),
      eumr,
    );
    expect(route).toMatchObject({
      kind: 'deposit',
      mailbox: 'bob',
      diverted: true,
      caller: 'sip:alice@umphone.test',
      subject: 'Quarterly numbers',
      priority: 'urgent',
    });
    // bob diverted to his own voicemail (e.g. calling himself): still no skip-pin
    expect(
      classifyInvite(
        invite(DP, ['Diversion: <sip:bob@umphone.test>;reason=unavailable', 'Ms-Exchange-Command: skip-pin']),
        eumr,
      ),
    ).toMatchObject({ kind: 'subscriber-access', mailbox: 'bob', skipPinRequested: true, skipPin: false });
  });

  it('without a Diversion: subscriber access to the caller’s own mailbox, skip-pin honoured', () => {
    expect(classifyInvite(invite(DP, ['Ms-Exchange-Command: skip-pin']), eumr)).toMatchObject({
      kind: 'subscriber-access',
      mailbox: 'bob',
      diverted: false,
      skipPin: true,
    });
  });

  it('an unknown dial plan, or a caller from elsewhere, is not served', () => {
    expect(classifyInvite(invite(DP, []), ctx)).toMatchObject({ kind: 'reject', status: 404 });
    expect(classifyInvite(invite(DP, [], '<sip:mallory@elsewhere.test>;tag=1'), eumr)).toMatchObject({
      kind: 'reject',
      status: 404,
    });
  });
});

describe('classifyInvite: identity is the proxy-asserted one (RFC 3325), never From (issue 12)', () => {
  const VM_ALICE = 'sip:alice@umphone.test;opaque=app:voicemail';
  const TRICK = '"<sip:bob@umphone.test>" <sip:alice@umphone.test>;tag=x';

  it('the quoted "<" From trick reads alice: her own mailbox, or a deposit for bob', () => {
    expect(classifyInvite(invite(VM_ALICE, ['Ms-Exchange-Command: skip-pin'], TRICK), ctx)).toMatchObject({
      kind: 'subscriber-access',
      mailbox: 'alice',
    });
    expect(classifyInvite(invite(VM_BOB, ['Ms-Exchange-Command: skip-pin'], TRICK), ctx)).toMatchObject({
      kind: 'deposit',
      mailbox: 'bob',
      caller: 'sip:alice@umphone.test',
      callerName: 'Alice Example', // the directory's name, not the display name she wrote
    });
  });

  it('a From naming bob does not open his mailbox when the proxy asserted alice', () => {
    const route = classifyInvite(
      invite(
        VM_BOB,
        ['Ms-Exchange-Command: skip-pin'],
        '<sip:bob@umphone.test>;tag=1',
        '<sip:alice@umphone.test>',
      ),
      ctx,
    );
    expect(route).toMatchObject({ kind: 'deposit', mailbox: 'bob', caller: 'sip:alice@umphone.test' });
  });

  it('without a PAI: the PIN prompt, never skip-pin, and the caller is unknown', () => {
    expect(
      classifyInvite(invite(VM_BOB, ['Ms-Exchange-Command: skip-pin'], undefined, null), ctx),
    ).toMatchObject({
      kind: 'subscriber-access',
      mailbox: 'bob',
      skipPinRequested: true,
      skipPin: false,
      caller: '',
      callerName: '',
    });
    expect(
      classifyInvite(invite(VM_BOB, [], '"Your CEO" <sip:alice@umphone.test>;tag=1', null), ctx),
    ).toMatchObject({ kind: 'deposit', caller: '', callerName: '' });
    const dp: InviteContext = { ...ctx, dialPlans: ['umphone-dialplan'] };
    expect(
      classifyInvite(
        invite('sip:umphone-dialplan@127.0.0.2', ['Ms-Exchange-Command: skip-pin'], undefined, null),
        dp,
      ),
    ).toMatchObject({ kind: 'subscriber-access', mailbox: 'bob', skipPin: false });
  });

  it('two asserted identities, or an unparseable one, are refused with 400', () => {
    for (const extra of [
      ['P-Asserted-Identity: <sip:alice@umphone.test>'],
      ['P-Asserted-Identity: <sip:alice@umphone.test>, <tel:+1234>'],
    ])
      expect(classifyInvite(invite(VM_BOB, extra), ctx), extra.join()).toMatchObject({
        kind: 'reject',
        status: 400,
      });
    for (const pai of [
      '"<sip:bob@umphone.test>" <sip:alice@umphone.test',
      '<tel:+1234>',
      '<sip:umphone.test>',
    ])
      expect(classifyInvite(invite(VM_BOB, [], undefined, pai), ctx), pai).toMatchObject({
        kind: 'reject',
        status: 400,
      });
  });

  it('an asserted identity of another domain is a caller, never an owner', () => {
    expect(
      classifyInvite(
        invite(VM_BOB, ['Ms-Exchange-Command: skip-pin'], undefined, '<sip:bob@elsewhere.test>'),
        ctx,
      ),
    ).toMatchObject({ kind: 'deposit', mailbox: 'bob', caller: 'sip:bob@elsewhere.test' });
  });

  it('compact f:, header-name case and folding all parse to the same single identity', () => {
    const head = [
      `INVITE ${VM_BOB} SIP/2.0`,
      'Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK1',
      'f: "<sip:bob@umphone.test>"\r\n <sip:alice@umphone.test>;tag=x',
      `To: <${VM_BOB}>`,
      'Call-ID: c1',
      'CSeq: 1 INVITE',
      'p-asserted-IDENTITY: <sip:alice@umphone.test>',
      'MS-EXCHANGE-COMMAND: skip-pin',
    ].join('\r\n');
    const parsed = parseSipMessage(head, Buffer.alloc(0));
    if (parsed.kind !== 'request') throw new Error(JSON.stringify(parsed));
    expect(classifyInvite(parsed, ctx)).toMatchObject({ kind: 'deposit', caller: 'sip:alice@umphone.test' });
  });
});
