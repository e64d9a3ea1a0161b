/** inspectInvite's tests (over 400 lines for a reason: one function, one header per block of cases). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OCEXUM_2010_2_2_5_AUTOMATA_EXAMPLE,
  OCEXUM_2010_4_3_SUBJECT_PRIORITY_INVITE,
  OCEXUM_4_1_SKIP_PIN_INVITE,
  OCEXUM_4_2_PLAY_ON_PHONE_INVITE,
  toCrlf,
} from './fixtures';
import { inspectInvite, type InviteFacts } from './inspect-invite';
import { MAX_HEADER_SECTION_CHARS } from './sip-headers';

/** fast-check runs hundreds of cases: on a loaded machine that takes longer than Vitest's 5 s default. */
const PROPERTY_TEST = { timeout: 60_000 };

const ALICE = 'sip:alice@contoso.com';

const EMPTY: InviteFacts = {
  fromUri: '',
  toUri: '',
  urgent: false,
  automaton: false,
  noDiversion: false,
  playOnPhone: false,
};

/** A minimal Play-On-Phone INVITE (CRLF) whose From/To/Contact lines can be swapped out. */
function invite(
  lines: { from?: string; to?: string; contact?: string; extra?: string[] } = {},
  eol = '\r\n',
): string {
  return [
    'INVITE sip:alice@10.0.0.5:5061;transport=tls SIP/2.0',
    lines.from ?? 'From: <sip:alice@contoso.com>;tag=1',
    lines.to ?? 'To: <sip:alice@contoso.com>',
    'Call-ID: abc',
    'CSeq: 1 INVITE',
    lines.contact ?? 'Contact: <sip:exchange.contoso.com:5066;transport=tls>;automata',
    ...(lines.extra ?? []),
    'Content-Length: 0',
    '',
    '',
  ].join(eol);
}

describe('inspectInvite: MS-OCEXUM examples as printed', () => {
  it('4.2 Play-On-Phone INVITE (broken Request-Line, stray space, SDP SNIPPED) is Play-On-Phone', () => {
    expect(inspectInvite(OCEXUM_4_2_PLAY_ON_PHONE_INVITE, ALICE)).toEqual({
      fromUri: ALICE,
      toUri: ALICE,
      urgent: false,
      automaton: true,
      noDiversion: true,
      playOnPhone: true,
    });
  });

  it('4.2 gives the same facts with CRLF line endings', () => {
    expect(inspectInvite(toCrlf(OCEXUM_4_2_PLAY_ON_PHONE_INVITE), ALICE)).toEqual(
      inspectInvite(OCEXUM_4_2_PLAY_ON_PHONE_INVITE, ALICE),
    );
  });

  it('4.2 accepts the own AOR bracketed, with a display name or with another host case', () => {
    for (const own of [
      '<sip:alice@contoso.com>',
      '"Alice" <sip:alice@CONTOSO.COM>',
      ' sip:alice@contoso.com ',
    ]) {
      expect(inspectInvite(OCEXUM_4_2_PLAY_ON_PHONE_INVITE, own).playOnPhone).toBe(true);
    }
  });

  it('4.2 is not Play-On-Phone for another user (From = To but not our AOR)', () => {
    for (const own of [
      'sip:bob@contoso.com',
      'sip:Alice@contoso.com',
      'sip:alice@contoso.com:5060',
      'sips:alice@contoso.com',
      '',
    ]) {
      expect(inspectInvite(OCEXUM_4_2_PLAY_ON_PHONE_INVITE, own).playOnPhone).toBe(false);
    }
    expect(inspectInvite(OCEXUM_4_2_PLAY_ON_PHONE_INVITE, undefined as unknown as string).playOnPhone).toBe(
      false,
    );
  });

  it('4.1 subscriber-access INVITE: To keeps its URI parameter, no automaton, no Play-On-Phone', () => {
    expect(inspectInvite(OCEXUM_4_1_SKIP_PIN_INVITE, ALICE)).toEqual({
      fromUri: ALICE,
      toUri: 'sip:alice@contoso.com;opaque=app:voicemail',
      urgent: false,
      automaton: false,
      noDiversion: false,
      playOnPhone: false,
    });
  });

  it('2010 4.3 Subject and Priority example', () => {
    expect(inspectInvite(OCEXUM_2010_4_3_SUBJECT_PRIORITY_INVITE, 'sip:bob@contoso.com')).toEqual({
      fromUri: 'sip:bob@contoso.com',
      // Unbracketed: `;opaque=app:voicemail` is a header parameter of To (RFC 3261 §20.10).
      toUri: 'sip:bob@contoso.com',
      subject: 'About the new sales project',
      priority: 'urgent',
      urgent: true,
      automaton: false,
      noDiversion: false,
      playOnPhone: false,
    });
  });

  it('2010 2.2.5 illustration: placeholders are not URIs and the Contact after the blank line is body', () => {
    expect(inspectInvite(OCEXUM_2010_2_2_5_AUTOMATA_EXAMPLE, ALICE)).toEqual(EMPTY);
  });
});

describe('inspectInvite: Play-On-Phone needs automaton AND From = To AND To = own AOR', () => {
  it('is true for the baseline message, with CRLF or LF', () => {
    expect(inspectInvite(invite(), ALICE).playOnPhone).toBe(true);
    expect(inspectInvite(invite({}, '\n'), ALICE).playOnPhone).toBe(true);
  });

  it('is false without the automata marker', () => {
    const facts = inspectInvite(invite({ contact: 'Contact: <sip:exchange.contoso.com:5066>' }), ALICE);
    expect(facts).toMatchObject({ automaton: false, playOnPhone: false });
  });

  it('is false when From differs from To', () => {
    const facts = inspectInvite(invite({ from: 'From: <sip:mallory@contoso.com>;tag=1' }), ALICE);
    expect(facts).toMatchObject({ automaton: true, fromUri: 'sip:mallory@contoso.com', playOnPhone: false });
  });

  it('is false when From = To but both are someone else (ringing through Appear Offline as themselves)', () => {
    const facts = inspectInvite(
      invite({ from: 'From: <sip:mallory@evil.example>;tag=1', to: 'To: <sip:mallory@evil.example>' }),
      ALICE,
    );
    expect(facts).toMatchObject({ automaton: true, playOnPhone: false });
    expect(inspectInvite(invite({ to: 'To: <sip:bob@contoso.com>' }), ALICE).playOnPhone).toBe(false);
  });

  it('is false when automata is on To or From instead of Contact', () => {
    const contact = 'Contact: <sip:exchange.contoso.com:5066>';
    expect(
      inspectInvite(invite({ contact, to: 'To: <sip:alice@contoso.com>;automata' }), ALICE),
    ).toMatchObject({
      automaton: false,
      playOnPhone: false,
    });
    expect(
      inspectInvite(invite({ contact, from: 'From: <sip:alice@contoso.com>;automata' }), ALICE).automaton,
    ).toBe(false);
  });

  it('is false when automata is inside the Contact angle brackets', () => {
    const facts = inspectInvite(
      invite({ contact: 'Contact: <sip:exchange.contoso.com:5066;automata>' }),
      ALICE,
    );
    expect(facts).toMatchObject({ automaton: false, playOnPhone: false });
  });

  it.each(['automata="FALSE"', 'automata="!TRUE"', 'automata=FALSE', 'automata="TRUE,FALSE"'])(
    'is false for ;%s',
    (param) => {
      const facts = inspectInvite(invite({ contact: `Contact: <sip:um@contoso.com>;${param}` }), ALICE);
      expect(facts).toMatchObject({ automaton: false, playOnPhone: false });
    },
  );

  it.each(['automata="TRUE"', 'AUTOMATA', 'automata="!FALSE"', 'Automata=TRUE'])(
    'is true for ;%s',
    (param) => {
      expect(
        inspectInvite(invite({ contact: `Contact: <sip:um@contoso.com>;${param}` }), ALICE).playOnPhone,
      ).toBe(true);
    },
  );

  it('counts ;automata after an unbracketed Contact URI (header parameter, RFC 3261 §20.10)', () => {
    expect(inspectInvite(invite({ contact: 'Contact: sip:um@contoso.com;automata' }), ALICE).automaton).toBe(
      true,
    );
  });

  it('finds the marker among several Contact values and several Contact headers', () => {
    const commaList = 'Contact: "Doe, John; Jr" <sip:jd@x>, <sip:um@contoso.com>;automata';
    expect(inspectInvite(invite({ contact: commaList }), ALICE).automaton).toBe(true);
    const twoHeaders = 'Contact: <sip:jd@x>\r\nm: <sip:um@contoso.com>;automata';
    expect(inspectInvite(invite({ contact: twoHeaders }), ALICE).automaton).toBe(true);
  });

  it('is not fooled by ;automata inside a quoted display name', () => {
    const contact = 'Contact: "UM;automata, <sip:x@y>;automata" <sip:um@contoso.com>';
    expect(inspectInvite(invite({ contact }), ALICE).automaton).toBe(false);
  });

  it('takes the From URI from the brackets, not from a URI-looking display name', () => {
    const facts = inspectInvite(
      invite({ from: 'From: "<sip:alice@contoso.com>" <sip:mallory@evil.example>;tag=1' }),
      ALICE,
    );
    expect(facts).toMatchObject({ fromUri: 'sip:mallory@evil.example', playOnPhone: false });
  });

  it.each([
    ['a port on one side (default-port rule)', '<sip:alice@contoso.com:5060>', false],
    ['transport on one side', '<sip:alice@contoso.com;transport=tcp>', false],
    ['user=phone on one side', '<sip:alice@contoso.com;user=phone>', false],
    ['a different user case', '<sip:Alice@contoso.com>', false],
    ['sips instead of sip', '<sips:alice@contoso.com>', false],
    ['a URI header', '<sip:alice@contoso.com?subject=x>', false],
    ['an escaped user', '<sip:%61lice@contoso.com>', true],
    ['a different host case', '<sip:alice@Contoso.COM>', true],
    [
      'a display name and extra header parameters',
      '"Alice Smith" <sip:alice@contoso.com>;tag=9;epid=x',
      true,
    ],
    ['an ignorable URI parameter', '<sip:alice@contoso.com;opaque=app:voicemail>', true],
  ])('From with %s -> %s', (_name, from, expected) => {
    expect(inspectInvite(invite({ from: `From: ${from}` }), ALICE).playOnPhone).toBe(expected);
  });

  it('uses compact forms f, t and m', () => {
    const message = [
      'INVITE sip:alice@10.0.0.5 SIP/2.0',
      'f: <sip:alice@contoso.com>;tag=1',
      't: <sip:alice@contoso.com>',
      'm: <sip:um@contoso.com>;automata',
      'i: abc',
      '',
      '',
    ].join('\r\n');
    expect(inspectInvite(message, ALICE)).toMatchObject({ fromUri: ALICE, toUri: ALICE, playOnPhone: true });
  });

  it('unfolds folded headers', () => {
    const contact = 'Contact: <sip:um@contoso.com>\r\n ;automata\r\n\t;q=1';
    expect(inspectInvite(invite({ contact }), ALICE).playOnPhone).toBe(true);
    const from = 'From:\r\n   <sip:alice@contoso.com>;tag=1';
    expect(inspectInvite(invite({ from }), ALICE)).toMatchObject({ fromUri: ALICE, playOnPhone: true });
  });

  it('accepts header names in any case', () => {
    const facts = inspectInvite(
      invite({
        from: 'FROM: <sip:alice@contoso.com>',
        to: 'to: <sip:alice@contoso.com>',
        contact: 'cOnTaCt: <sip:um@contoso.com>;automata',
      }),
      ALICE,
    );
    expect(facts.playOnPhone).toBe(true);
  });

  it('reads the first From when the header is repeated, and rejects a From holding two addresses', () => {
    const repeated = 'From: <sip:alice@contoso.com>;tag=1\r\nFrom: <sip:mallory@evil.example>';
    expect(inspectInvite(invite({ from: repeated }), ALICE)).toMatchObject({
      fromUri: ALICE,
      playOnPhone: true,
    });
    const list = 'From: <sip:alice@contoso.com>, <sip:mallory@evil.example>';
    expect(inspectInvite(invite({ from: list }), ALICE)).toMatchObject({ fromUri: '', playOnPhone: false });
  });

  it('ignores headers in the body', () => {
    const message = `${invite({ contact: 'Contact: <sip:um@contoso.com>' })}Contact: <sip:um@contoso.com>;automata\r\n`;
    expect(inspectInvite(message, ALICE).automaton).toBe(false);
  });

  it('gives empty URIs for missing or unreadable From/To', () => {
    expect(inspectInvite('INVITE sip:a@b SIP/2.0\r\n\r\n', ALICE)).toEqual(EMPTY);
    const facts = inspectInvite(invite({ from: 'From: not a uri', to: 'To: <>' }), ALICE);
    expect(facts).toMatchObject({ fromUri: '', toUri: '', automaton: true, playOnPhone: false });
  });
});

describe('inspectInvite: Ms-Sensitivity (MS-OCEXUM 2.2.2)', () => {
  it.each([
    ['Ms-Sensitivity: private-no-diversion', true],
    ['MS-SENSITIVITY:   Private-No-Diversion  ', true],
    ['ms-sensitivity:private-no-diversion', true],
    ['Ms-Sensitivity: private', false],
    ['Ms-Sensitivity: private-no-diversion-please', false],
    ['X-Ms-Sensitivity: private-no-diversion', false],
  ])('%j -> noDiversion %s', (line, expected) => {
    expect(inspectInvite(invite({ extra: [line] }), ALICE).noDiversion).toBe(expected);
  });

  it('is true if any of several Ms-Sensitivity headers says private-no-diversion', () => {
    const extra = ['Ms-Sensitivity: normal', 'Ms-Sensitivity: private-no-diversion'];
    expect(inspectInvite(invite({ extra }), ALICE).noDiversion).toBe(true);
  });

  it('does not affect the Play-On-Phone decision', () => {
    expect(inspectInvite(invite(), ALICE)).toMatchObject({ noDiversion: false, playOnPhone: true });
  });
});

describe('inspectInvite: Priority (RFC 3261 §20.26)', () => {
  it.each([
    ['Priority: urgent', 'urgent', true],
    ['Priority:  EMERGENCY ', 'emergency', true],
    ['priority: Normal', 'normal', false],
    ['Priority: non-urgent', 'non-urgent', false],
    ['Priority: x-custom', 'x-custom', false],
    ['Priority: urgent please', undefined, false],
    ['Priority:', undefined, false],
  ])('%j -> %j (urgent %s)', (line, priority, urgent) => {
    const facts = inspectInvite(invite({ extra: [line] }), ALICE);
    expect(facts.priority).toBe(priority);
    expect(facts.urgent).toBe(urgent);
  });

  it('is undefined when absent and the first header wins when repeated', () => {
    expect(inspectInvite(invite(), ALICE)).not.toHaveProperty('priority');
    const facts = inspectInvite(invite({ extra: ['Priority: normal', 'Priority: emergency'] }), ALICE);
    expect(facts).toMatchObject({ priority: 'normal', urgent: false });
  });
});

describe('inspectInvite: Subject (RFC 3261 §20.36)', () => {
  it('trims the value and accepts the compact form s', () => {
    expect(inspectInvite(invite({ extra: ['Subject:   Q3 numbers  '] }), ALICE).subject).toBe('Q3 numbers');
    expect(inspectInvite(invite({ extra: ['s: Q3 numbers'] }), ALICE).subject).toBe('Q3 numbers');
  });

  it('turns C0, DEL and C1 control characters and line separators into spaces (words stay apart)', () => {
    const facts = inspectInvite(
      invite({ extra: ['Subject: a\u0000b\u0007c\u007fd\u0085e\u009bf\u2028g'] }),
      ALICE,
    );
    expect(facts.subject).toBe('a b c d e f g');
    expect(inspectInvite(invite({ extra: ['Subject: Lunch\u0085Friday\u202e?'] }), ALICE).subject).toBe(
      'Lunch Friday?',
    );
  });

  it('takes the first of several Subject headers', () => {
    expect(inspectInvite(invite({ extra: ['Subject: first', 's: second'] }), ALICE).subject).toBe('first');
  });

  it('unfolds a folded subject', () => {
    expect(
      inspectInvite(invite({ extra: ['Subject: about the\r\n  new sales project'] }), ALICE).subject,
    ).toBe('about the new sales project');
  });

  it('is undefined when absent and empty when present but empty', () => {
    expect(inspectInvite(invite(), ALICE)).not.toHaveProperty('subject');
    expect(inspectInvite(invite({ extra: ['Subject:'] }), ALICE).subject).toBe('');
  });
});

describe('inspectInvite: hostile and garbage input', PROPERTY_TEST, () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \r\n\t\n'],
    ['words', 'hello world'],
    ['binary', '\u0000\u0001\u00ff\ufffd\ud800'.repeat(50)],
    ['lone colon', ':'],
  ])('%s gives empty facts', (_name, raw) => {
    expect(inspectInvite(raw, ALICE)).toEqual(EMPTY);
  });

  it.each([undefined, null, 42, {}, [], Symbol('x'), () => 'From: a', new Uint8Array([70, 58])])(
    'non-string %s gives empty facts',
    (raw) => {
      expect(inspectInvite(raw as unknown as string, ALICE)).toEqual(EMPTY);
    },
  );

  it('stays fast and safe on huge input', () => {
    const started = performance.now();
    const unterminated = `${invite().replace(/\r\n\r\n$/, '\r\n')}X-Pad: ${'a'.repeat(5_000_000)}`;
    expect(inspectInvite(unterminated, ALICE)).toEqual(EMPTY);
    const bigBody = `${invite()}${'v=0\r\n'.repeat(1_000_000)}`;
    expect(inspectInvite(bigBody, ALICE).playOnPhone).toBe(true);
    const manyLines = `INVITE x SIP/2.0\n${'Contact: <sip:a@b>, <sip:c@d>\n'.repeat(MAX_HEADER_SECTION_CHARS / 30)}`;
    expect(inspectInvite(manyLines, ALICE).automaton).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  describe('properties', () => {
    const headerName = fc.constantFrom(
      'From',
      'To',
      'Contact',
      'f',
      't',
      'm',
      'T',
      'Subject',
      's',
      'Priority',
      'Ms-Sensitivity',
      'Call-ID',
      'X-Junk',
    );
    const valueChar = fc.constantFrom(
      ...'<>";,=:@ \t\\!?%abcdesipTRUEFALSEautomata12'.split(''),
      ';automata',
      'sip:alice@contoso.com',
      '\r',
      '\u0000',
      '\u0085',
      '"',
    );
    const headerValue = fc.array(valueChar, { maxLength: 20 }).map((chars) => chars.join(''));
    const line = fc.oneof(
      fc.tuple(headerName, headerValue).map(([name, value]) => `${name}:${value}`),
      headerValue.map((value) => ` ${value}`),
      fc.string(),
      fc.constant(''),
    );
    const message = fc
      .tuple(fc.array(line, { maxLength: 15 }), fc.constantFrom('\r\n', '\n'), fc.boolean())
      .map(([lines, eol, withStart]) =>
        [...(withStart ? ['INVITE sip:alice@x SIP/2.0'] : []), ...lines].join(eol),
      );

    function checkInvariants(facts: InviteFacts): void {
      expect(typeof facts.fromUri).toBe('string');
      expect(typeof facts.toUri).toBe('string');
      if (facts.playOnPhone) {
        expect(facts.automaton).toBe(true);
        expect(facts.fromUri).not.toBe('');
      }
      expect(facts.urgent).toBe(facts.priority === 'urgent' || facts.priority === 'emergency');
      if (facts.subject !== undefined) expect(facts.subject).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
    }

    it('never throws on arbitrary strings', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 500 }), fc.string(), (raw, own) => {
          checkInvariants(inspectInvite(raw, own));
        }),
      );
    });

    it('never throws on arbitrary header-ish line arrays', () => {
      fc.assert(
        fc.property(message, fc.constantFrom(ALICE, '', 'sip:x@y', '<sip:alice@contoso.com>'), (raw, own) => {
          checkInvariants(inspectInvite(raw, own));
        }),
        { numRuns: 500 },
      );
    });

    it('never throws on arbitrary values of any type', () => {
      fc.assert(
        fc.property(fc.anything(), fc.anything(), (raw, own) => {
          checkInvariants(inspectInvite(raw as string, own as string));
        }),
      );
    });
  });
});
