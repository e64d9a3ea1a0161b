import { describe, expect, it } from 'vitest';
import {
  USER_NOTIFICATION_CONTENT_TYPE,
  buildUserNotification,
  notificationOfferSdp,
} from '../../src/protocol/user-notification';
import { parseSipMessage, type SipRequest } from './sip/message';
import { NotificationLog, isNotificationInvite, notificationInviteProblem } from './notifications';

const FIXED_FROM = '<sip:A410AA79-D874-4e56-9B46-709BDD0EB850>;tag=1';

function request(method: string, uri: string, extra: string[], body = ''): SipRequest {
  const head = [
    `${method} ${uri} SIP/2.0`,
    'Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK1',
    'To: <sip:127.0.0.2;opaque=app:rtcevent;transport=tls>',
    'Call-ID: n1',
    `CSeq: 1 ${method}`,
    ...extra,
  ].join('\r\n');
  const parsed = parseSipMessage(head, Buffer.from(body));
  if (parsed.kind !== 'request') throw new Error(JSON.stringify(parsed));
  return parsed;
}

const RURI = 'sip:127.0.0.2;opaque=app:rtcevent;transport=tls';
const SDP = ['Content-Type: application/sdp'];

describe('MS-EUMR 2.2.4: the notification INVITE', () => {
  it('is recognised by ;opaque=app:rtcevent and accepted when From, Request-URI and SDP are right', () => {
    const invite = request(
      'INVITE',
      RURI,
      [`From: ${FIXED_FROM}`, ...SDP],
      notificationOfferSdp('127.0.0.1'),
    );
    expect(isNotificationInvite(invite)).toBe(true);
    expect(notificationInviteProblem(invite)).toBeUndefined();
  });
  it('refuses another From (403), a user part or no tls (400), an audio offer (488)', () => {
    const sdp = notificationOfferSdp('127.0.0.1');
    expect(
      notificationInviteProblem(
        request('INVITE', RURI, ['From: <sip:alice@umphone.test>;tag=1', ...SDP], sdp),
      ),
    ).toMatchObject({ status: 403 });
    expect(
      notificationInviteProblem(
        request(
          'INVITE',
          'sip:um@127.0.0.2;opaque=app:rtcevent;transport=tls',
          [`From: ${FIXED_FROM}`, ...SDP],
          sdp,
        ),
      ),
    ).toMatchObject({ status: 400 });
    expect(
      notificationInviteProblem(
        request('INVITE', 'sip:127.0.0.2;opaque=app:rtcevent', [`From: ${FIXED_FROM}`, ...SDP], sdp),
      ),
    ).toMatchObject({ status: 400 });
    expect(
      notificationInviteProblem(
        request(
          'INVITE',
          RURI,
          [`From: ${FIXED_FROM}`, ...SDP],
          sdp.replace('m=application 9 SIP *', 'm=audio 9 RTP/AVP 0'),
        ),
      ),
    ).toMatchObject({ status: 488 });
  });
});

describe('MS-EUMR 3.2: notification INFOs', () => {
  const missed = buildUserNotification({
    user: 'sip:bob@umphone.test',
    time: '2026-11-21 06:00:00Z',
    event: {
      type: 'missed',
      callId: 'c1',
      from: '<sip:alice@umphone.test>',
      subject: 'hi',
      missedReason: 'CallerReleased',
    },
  });
  const info = (body: string, type = USER_NOTIFICATION_CONTENT_TYPE) =>
    request(
      'INFO',
      'sip:127.0.0.2:5061;transport=tls',
      [`From: ${FIXED_FROM}`, `Content-Type: ${type}`],
      body,
    );

  it('stores a valid notification (200)', () => {
    const log = new NotificationLog();
    expect(log.handleInfo(info(missed))).toBeUndefined();
    expect(log.forUser('sip:bob@umphone.test').map((n) => n.notification.event)).toEqual([
      {
        type: 'missed',
        callId: 'c1',
        from: '<sip:alice@umphone.test>',
        subject: 'hi',
        missedReason: 'CallerReleased',
      },
    ]);
  });
  it('answers 400 for a body the schema refuses, and 415 for another type', () => {
    const log = new NotificationLog();
    expect(log.handleInfo(info(missed.replace('CallerReleased', 'Busy')))).toMatchObject({ status: 400 });
    expect(log.handleInfo(info(missed, 'text/plain'))).toMatchObject({ status: 415 });
    expect(log.received).toHaveLength(0);
    expect(log.rejected.map((r) => r.status)).toEqual([400, 415]);
  });
});
