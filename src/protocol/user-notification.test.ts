import { describe, expect, it } from 'vitest';
import {
  USER_NOTIFICATION_CONTENT_TYPE,
  buildUserNotification,
  formatNotificationTime,
  notificationAnswerSdp,
  notificationOfferSdp,
  notificationSdpErrors,
  parseUserNotification,
  type UserNotification,
} from './user-notification';

// MS-EUMR section 4: the bodies of the three example INFOs, as printed (4.2's closing tag sits in a
// block of its own in the document; joined here).
const EXAMPLE_4_1_MISSED = `<?xml version="1.0" encoding="us-ascii" ?>
  <UserNotification>
    <User>sip:user@example.com</User>
    <EumProxyAddress>EUM:user@contoso.com;phone-context=dp1.contoso.com</EumProxyAddress>
    <Time>2006-05-12 01:33:32Z</Time>
    <Template>RtcDefault</Template>
    <Event type="missed">
    <CallId>234d82934091df92034ad3e329fae03234</CallId>
      <From>sip:someuser@contoso.com</From>
      <Subject>RE: Quote for widgets</Subject>
      <ConversationID>Aca6SdRQ/SvHLJIHDHoWAEvg==</ConversationID>
      <MissedReason>Declined</MissedReason>
    </Event>
  </UserNotification>`;

const EXAMPLE_4_2_ANSWERED = `<?xml version="1.0" encoding="us-ascii" ?>
  <UserNotification>
    <User>sip:user@contoso.com</User>
    <EumProxyAddress>EUM:user@contoso.com;phone-context=dp1.contoso.com</EumProxyAddress>
    <Time>2006-05-02 12:53:32Z</Time>
    <Template>RtcDefault</Template>
    <Event type="answered">
    <CallId>234d82934091df92034ad3e329fae03234</CallId>
      <From>sip:someuser@contoso.com</From>
      <Subject>RE: Car pool</Subject>
      <ConversationID>Aca6SdRQ/SvHLJIHDHoWAEvg==</ConversationID>
      <Target>sip:teammember@contoso.com</Target>
      <TargetClass>secondary</TargetClass>
      <AnsweredBy>sip:teammember@contoso.com</AnsweredBy>
    </Event>
</UserNotification>`;

const EXAMPLE_4_3_FORBIDDEN = `<?xml version="1.0" encoding="us-ascii" ?>
  <UserNotification>
    <User>sip:user@contoso.com</User>
    <EumProxyAddress>EUM:user@contoso.com;phone-context=dp1.contoso.com</EumProxyAddress>
    <Time>2006-05-02 18:53:32Z</Time>
    <Template>RtcDefault</Template>
    <Event type="forbidden">
    <CallId>234d82934091df92034ad3e329fae03234</CallId>
      <From>sip:someuser@contoso.com</From>
      <Subject>Pricing figures</Subject>
      <Priority>High</Priority>
      <ConversationID>Aca6SdRQ/SvHLJIHDHoWAEvg==</ConversationID>
      <Target>sip:+145532290933@contoso.com;user=phone</Target>
      <TargetClass>primary</TargetClass>
    </Event>
  </UserNotification>`;

const EUM = 'EUM:user@contoso.com;phone-context=dp1.contoso.com';
const CALL = '234d82934091df92034ad3e329fae03234';
const CONV = 'Aca6SdRQ/SvHLJIHDHoWAEvg==';

const examples: Array<[string, string, UserNotification]> = [
  [
    '4.1 missed call',
    EXAMPLE_4_1_MISSED,
    {
      user: 'sip:user@example.com',
      eumProxyAddress: EUM,
      time: '2006-05-12 01:33:32Z',
      event: {
        type: 'missed',
        callId: CALL,
        from: 'sip:someuser@contoso.com',
        subject: 'RE: Quote for widgets',
        conversationId: CONV,
        missedReason: 'Declined',
      },
    },
  ],
  [
    '4.2 call answered',
    EXAMPLE_4_2_ANSWERED,
    {
      user: 'sip:user@contoso.com',
      eumProxyAddress: EUM,
      time: '2006-05-02 12:53:32Z',
      event: {
        type: 'answered',
        callId: CALL,
        from: 'sip:someuser@contoso.com',
        subject: 'RE: Car pool',
        conversationId: CONV,
        target: 'sip:teammember@contoso.com',
        targetClass: 'secondary',
        answeredBy: 'sip:teammember@contoso.com',
      },
    },
  ],
  [
    '4.3 call forbidden',
    EXAMPLE_4_3_FORBIDDEN,
    {
      user: 'sip:user@contoso.com',
      eumProxyAddress: EUM,
      time: '2006-05-02 18:53:32Z',
      event: {
        type: 'forbidden',
        callId: CALL,
        from: 'sip:someuser@contoso.com',
        subject: 'Pricing figures',
        priority: 'High',
        conversationId: CONV,
        target: 'sip:+145532290933@contoso.com;user=phone',
        targetClass: 'primary',
      },
    },
  ],
];

describe('MS-EUMR section 4 examples', () => {
  for (const [name, xml, expected] of examples) {
    it(`${name}: parses into the notification it describes`, () => {
      expect(parseUserNotification(xml)).toEqual({ ok: true, notification: expected });
    });
    it(`${name}: builds a body that parses back to the same notification`, () => {
      const built = buildUserNotification(expected);
      expect(parseUserNotification(built)).toEqual({ ok: true, notification: expected });
      // same elements in the same order as the example
      const tags = (s: string) => [...s.matchAll(/<([A-Za-z]+)[ >]/g)].map((m) => m[1]);
      expect(tags(built)).toEqual(tags(xml));
    });
  }
});

/** Replaces the first occurrence of `from` in example 4.1 (the test fails if it is not there). */
function broken(from: string, to: string, xml = EXAMPLE_4_1_MISSED): string {
  expect(xml).toContain(from);
  return xml.replace(from, to);
}

function errorsOf(xml: string): string[] {
  const result = parseUserNotification(xml);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('section 6 schema: each rule has a case that breaks it', () => {
  it('the root element is UserNotification', () => {
    expect(
      errorsOf(
        broken('<UserNotification>', '<Notification>').replace('</UserNotification>', '</Notification>'),
      ),
    ).toEqual(['the root element must be <UserNotification>, not <Notification>']);
  });
  it('User is required', () => {
    expect(errorsOf(broken('<User>sip:user@example.com</User>', ''))).toContain(
      '<UserNotification> lacks <User>',
    );
  });
  it('EumProxyAddress is optional', () => {
    const xml = broken(`<EumProxyAddress>${EUM}</EumProxyAddress>`, '');
    expect(parseUserNotification(xml).ok).toBe(true);
  });
  it('Time is required', () => {
    expect(errorsOf(broken('<Time>2006-05-12 01:33:32Z</Time>', ''))).toContain(
      '<UserNotification> lacks <Time>',
    );
  });
  it('Template is required and fixed to RtcDefault (an empty element takes the fixed value)', () => {
    expect(errorsOf(broken('<Template>RtcDefault</Template>', ''))).toContain(
      '<UserNotification> lacks <Template>',
    );
    expect(errorsOf(broken('<Template>RtcDefault</Template>', '<Template>Custom</Template>'))).toEqual([
      '<Template> is fixed to RtcDefault',
    ]);
    expect(parseUserNotification(broken('<Template>RtcDefault</Template>', '<Template/>')).ok).toBe(true);
  });
  it('Event is required', () => {
    const xml = EXAMPLE_4_1_MISSED.replace(/<Event[\s\S]*<\/Event>/, '');
    expect(errorsOf(xml)).toContain('<UserNotification> lacks <Event>');
  });
  it('the root sequence is ordered', () => {
    const xml = broken(
      '<Time>2006-05-12 01:33:32Z</Time>\n    <Template>RtcDefault</Template>',
      '<Template>RtcDefault</Template>\n    <Time>2006-05-12 01:33:32Z</Time>',
    );
    expect(errorsOf(xml)).toContain('<Time> is out of order or repeated in <UserNotification>');
  });
  it('no element outside the schema, and no repetition', () => {
    expect(errorsOf(broken('<Template>', '<Extra>x</Extra><Template>'))).toContain(
      'unexpected element <Extra> in <UserNotification>',
    );
    expect(errorsOf(broken('<Time>', '<User>sip:b@example.com</User><Time>'))).toContain(
      '<User> is out of order or repeated in <UserNotification>',
    );
  });
  it('Event needs a type attribute from missed | answered | forbidden', () => {
    expect(errorsOf(broken('<Event type="missed">', '<Event>'))).toContain('<Event> needs a type attribute');
    expect(errorsOf(broken('<Event type="missed">', '<Event type="voicemail">'))).toContain(
      'Event type "voicemail" is not allowed',
    );
  });
  it('CallId and From are required', () => {
    expect(errorsOf(broken(`<CallId>${CALL}</CallId>`, ''))).toContain('<Event> lacks <CallId>');
    expect(errorsOf(broken('<From>sip:someuser@contoso.com</From>', ''))).toContain('<Event> lacks <From>');
  });
  it('the event sequence is ordered', () => {
    const xml = broken(
      '<Subject>RE: Quote for widgets</Subject>\n      <ConversationID>Aca6SdRQ/SvHLJIHDHoWAEvg==</ConversationID>',
      '<ConversationID>Aca6SdRQ/SvHLJIHDHoWAEvg==</ConversationID>\n      <Subject>RE: Quote for widgets</Subject>',
    );
    expect(errorsOf(xml)).toContain('<Subject> is out of order or repeated in <Event>');
  });
  it('MissedReason is CallerReleased or Declined', () => {
    expect(
      errorsOf(broken('<MissedReason>Declined</MissedReason>', '<MissedReason>Busy</MissedReason>')),
    ).toEqual(['MissedReason "Busy" is not allowed']);
    expect(
      parseUserNotification(
        broken('<MissedReason>Declined</MissedReason>', '<MissedReason>CallerReleased</MissedReason>'),
      ).ok,
    ).toBe(true);
  });
  it('TargetClass is primary or secondary', () => {
    expect(
      errorsOf(
        broken(
          '<TargetClass>primary</TargetClass>',
          '<TargetClass>tertiary</TargetClass>',
          EXAMPLE_4_3_FORBIDDEN,
        ),
      ),
    ).toEqual(['TargetClass "tertiary" is not allowed']);
  });
  it('string elements have simple content; complex elements no text', () => {
    expect(
      errorsOf(broken('<Subject>RE: Quote for widgets</Subject>', '<Subject><b>RE</b></Subject>')),
    ).toContain('<Subject> has simple content only');
    expect(errorsOf(broken('<User>', 'stray text<User>'))).toContain(
      '<UserNotification> must not contain text',
    );
  });
  it('only the type attribute on Event, none elsewhere', () => {
    expect(errorsOf(broken('<Event type="missed">', '<Event type="missed" id="1">'))).toContain(
      '<Event> has no attribute id',
    );
    expect(errorsOf(broken('<User>', '<User lang="en">'))).toContain('<User> takes no attributes');
  });
});

describe('MS-EUMR 2.2.3 rules on top of the schema', () => {
  it('2.2.3.3: an answered event needs Target, TargetClass and AnsweredBy', () => {
    const xml = broken('<AnsweredBy>sip:teammember@contoso.com</AnsweredBy>', '', EXAMPLE_4_2_ANSWERED);
    expect(errorsOf(xml)).toEqual(['an answered event needs <AnsweredBy> (2.2.3.3)']);
  });
  it('2.2.3.3: a forbidden event needs Target and TargetClass', () => {
    const xml = broken('<TargetClass>primary</TargetClass>', '', EXAMPLE_4_3_FORBIDDEN);
    expect(errorsOf(xml)).toEqual(['a forbidden event needs <TargetClass> (2.2.3.3)']);
  });
  it('3.2.4.1.1: a missed event says why (MissedReason)', () => {
    expect(errorsOf(broken('<MissedReason>Declined</MissedReason>', ''))).toEqual([
      'a missed event needs <MissedReason> (3.2.4.1.1)',
    ]);
  });
  it('2.2.3.1: User is a SIP URI and Time is UTC', () => {
    expect(errorsOf(broken('<User>sip:user@example.com</User>', '<User>user@example.com</User>'))).toEqual([
      'User must be a SIP URI (2.2.3.1)',
    ]);
    expect(errorsOf(broken('2006-05-12 01:33:32Z', '2006-05-12 03:33:32+02:00'))).toEqual([
      'Time must be a UTC time such as 2006-05-12 01:33:32Z (2.2.3.1)',
    ]);
  });
  it('building refuses an invalid notification', () => {
    const [, , missed] = examples[0]!;
    expect(() =>
      buildUserNotification({ ...missed, event: { ...missed.event, missedReason: undefined } }),
    ).toThrow(/MissedReason/);
  });
});

describe('remote text', () => {
  it('Subject and From with markup and entities round-trip as text', () => {
    const [, , missed] = examples[0]!;
    const n: UserNotification = {
      ...missed,
      event: {
        ...missed.event,
        subject: '<script>alert("x")</script> & more',
        from: '"Bob & Co" <sip:bob@contoso.com>',
      },
    };
    const xml = buildUserNotification(n);
    expect(xml).not.toContain('<script>');
    expect(parseUserNotification(xml)).toEqual({ ok: true, notification: n });
  });
  it('refuses DOCTYPE (no entity expansion), unknown entities and malformed XML without throwing', () => {
    expect(
      errorsOf(`<!DOCTYPE x [<!ENTITY a "b">]>${EXAMPLE_4_1_MISSED.replace(/^<\?xml[^>]*>/, '')}`)[0],
    ).toMatch(/DOCTYPE/);
    expect(errorsOf(broken('RE: Quote', '&bogus; Quote'))[0]).toMatch(/unknown entity/);
    expect(errorsOf(EXAMPLE_4_1_MISSED.slice(0, 200))[0]).toMatch(/not well-formed/);
    expect(errorsOf('')[0]).toMatch(/not well-formed/);
  });
  it('formats the time like the examples', () => {
    expect(formatNotificationTime(new Date(Date.UTC(2006, 4, 12, 1, 33, 32)))).toBe('2006-05-12 01:33:32Z');
  });
});

describe('2.2.4.3 / 2.2.5: the SDP of the notification dialog', () => {
  it('the offer and the answer are what the other side checks for', () => {
    expect(notificationSdpErrors(notificationOfferSdp('127.0.0.1'), 'offer')).toEqual([]);
    expect(notificationSdpErrors(notificationAnswerSdp('127.0.0.2'), 'answer')).toEqual([]);
    expect(notificationOfferSdp('127.0.0.1')).toContain(`a=accept-types:${USER_NOTIFICATION_CONTENT_TYPE}`);
  });
  it('an audio offer, a wrong direction or a missing template is refused', () => {
    const audio = notificationOfferSdp('127.0.0.1').replace(
      'm=application 9 SIP *',
      'm=audio 4000 RTP/AVP 0',
    );
    expect(notificationSdpErrors(audio, 'offer')).toEqual([
      'exactly one media line "m=application 9 SIP *" is required',
    ]);
    expect(notificationSdpErrors(notificationOfferSdp('127.0.0.1'), 'answer')).toEqual([
      'a=recvonly is required',
      'a=ms-rtc-accept-eventtemplates:RtcDefault is required',
    ]);
  });
});
