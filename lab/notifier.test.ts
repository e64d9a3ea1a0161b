import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUserNotification, parseUserNotification } from '../src/protocol/user-notification';
import { callEventNotification, parseCallEvent, startNotifier, type RunningNotifier } from './notifier';

const NOW = new Date('2024-03-01T12:34:56.789Z');

/** What kamailio.cfg route[USER_NOTIFY] sends. */
function event(lines: string[]): Map<string, string> {
  const parsed = parseCallEvent(lines.map((l) => `${l}\r\n`).join(''));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.fields;
}

function roundTrip(fields: Map<string, string>) {
  const built = callEventNotification(fields, 'umphone.test', NOW);
  if (!built.ok) throw new Error(built.error);
  const parsed = parseUserNotification(buildUserNotification(built.notification));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.notification;
}

const COMMON = ['user: bob', 'call-id: abc@host', 'from: sip:alice@umphone.test'];

describe('call events of route[USER_NOTIFY] → MS-EUMR 2.2.3 notifications', () => {
  it('3.2.4.2: answered, with Target, TargetClass, AnsweredBy and the INVITE headers', () => {
    const n = roundTrip(
      event([
        'event: answered',
        ...COMMON,
        'target: sip:carol@umphone.test',
        'target-class: primary',
        'answered-by: sip:+15550100@umphone.test;user=phone',
        'subject: Budget: Q3 <draft>',
        'priority: urgent',
        'referred-by: <sip:dave@umphone.test>',
      ]),
    );
    expect(n).toEqual({
      user: 'sip:bob@umphone.test',
      time: '2024-03-01 12:34:56Z',
      event: {
        type: 'answered',
        callId: 'abc@host',
        from: 'sip:alice@umphone.test',
        subject: 'Budget: Q3 <draft>',
        priority: 'urgent',
        referredBy: '<sip:dave@umphone.test>',
        target: 'sip:carol@umphone.test',
        targetClass: 'primary',
        answeredBy: 'sip:+15550100@umphone.test;user=phone',
      },
    });
  });

  it('3.2.4.3: forbidden, with Target and TargetClass and no AnsweredBy', () => {
    const n = roundTrip(
      event(['event: forbidden', ...COMMON, 'target: sip:carol@umphone.test', 'target-class: primary']),
    );
    expect(n.event).toEqual({
      type: 'forbidden',
      callId: 'abc@host',
      from: 'sip:alice@umphone.test',
      target: 'sip:carol@umphone.test',
      targetClass: 'primary',
    });
  });

  it('3.2.4.1: missed, as before (also without an event line)', () => {
    expect(roundTrip(event(['event: missed', 'reason: CallerReleased', ...COMMON])).event).toMatchObject({
      type: 'missed',
      missedReason: 'CallerReleased',
    });
    expect(roundTrip(event(['reason: Declined', ...COMMON])).event.missedReason).toBe('Declined');
  });

  it('refuses events that would break 2.2.3.3 or that it does not know', () => {
    const fails = (lines: string[]) => callEventNotification(event(lines), 'umphone.test', NOW).ok;
    expect(
      fails(['event: answered', ...COMMON, 'target: sip:carol@umphone.test', 'target-class: primary']),
    ).toBe(false);
    expect(fails(['event: forbidden', ...COMMON, 'target-class: primary'])).toBe(false);
    expect(fails(['event: forbidden', ...COMMON, 'target: sip:c@d', 'target-class: tertiary'])).toBe(false);
    expect(fails(['event: missed', 'reason: Busy', ...COMMON])).toBe(false);
    expect(fails(['event: transferred', ...COMMON])).toBe(false);
    expect(fails(['event: missed', 'reason: Declined', 'user: bob'])).toBe(false);
  });
});

describe('parseCallEvent: one reading, nothing a caller wrote becomes a field', () => {
  const body = (lines: string[]) => lines.map((l) => `${l}\r\n`).join('');
  const error = (text: string) => {
    const parsed = parseCallEvent(text);
    return parsed.ok ? 'accepted' : parsed.error;
  };
  const MISSED = [
    'event: missed',
    'user: alice',
    'call-id: abc@host',
    'from: sip:mallory@umphone.test',
    'reason: Declined',
  ];

  it('reads what route[USER_NOTIFY] writes', () => {
    const parsed = parseCallEvent(body([...MISSED, 'subject: hello: world', 'priority: urgent']));
    expect(parsed).toEqual({
      ok: true,
      fields: new Map([
        ['event', 'missed'],
        ['user', 'alice'],
        ['call-id', 'abc@host'],
        ['from', 'sip:mallory@umphone.test'],
        ['reason', 'Declined'],
        ['subject', 'hello: world'],
        ['priority', 'urgent'],
      ]),
    });
  });

  it('refuses the issue 12 forgery: a folded Subject copied raw (continuation lines overriding user and from)', () => {
    const forged = [
      ...MISSED,
      'subject: hello',
      ' user: bob',
      ' from: "Your CEO" <sip:ceo@umphone.test>',
      ' priority: emergency',
    ];
    expect(error(body(forged))).toBe('line 7: continuation line');
    expect(error(body([...MISSED, 'subject: hello', '\tuser: bob']))).toBe('line 7: continuation line');
  });

  it('refuses a repeated field, wherever it is, even with the same value', () => {
    expect(error(body([...MISSED, 'user: bob']))).toBe('line 6: repeated field "user"');
    expect(error(body([...MISSED, 'user: alice']))).toBe('line 6: repeated field "user"');
    expect(error(body(['user: bob', ...MISSED]))).toBe('line 3: repeated field "user"');
  });

  it('refuses unknown, upper-case or malformed names', () => {
    expect(error(body([...MISSED, 'x-user: bob']))).toBe('line 6: unknown field "x-user"');
    expect(error(body([...MISSED, 'User: bob']))).toBe('line 6: not "name: value"');
    expect(error(body([...MISSED, 'user : bob']))).toBe('line 6: not "name: value"');
    expect(error(body([...MISSED, 'just text']))).toBe('line 6: not "name: value"');
  });

  it('refuses bare CR or LF, control characters, empty lines and a body not ended by CRLF', () => {
    expect(error(`${body(MISSED)}subject: a\nuser: bob\r\n`)).toBe('line 6: control character');
    expect(error(`${body(MISSED)}subject: a\ruser: bob\r\n`)).toBe('line 6: control character');
    expect(error(`${body(MISSED)}subject: a\u0000b\r\n`)).toBe('line 6: control character');
    expect(error(`${body(MISSED)}subject: a\u007fb\r\n`)).toBe('line 6: control character');
    expect(error(`${body(MISSED)}\r\nuser: bob\r\n`)).toBe('line 6: not "name: value"');
    expect(error(body(MISSED).slice(0, -2))).toBe('the body must be lines ended by CRLF');
    expect(error('')).toBe('the body must be lines ended by CRLF');
  });
});

describe('the notifier accepts call events from the proxy only (shared secret)', () => {
  let notifier: RunningNotifier;
  const logged: string[] = [];
  const SECRET = 'a'.repeat(64);

  beforeAll(async () => {
    notifier = await startNotifier({
      lab: { host: '127.0.0.1', domain: 'umphone.test', dialPlans: [], userDialPlans: {} },
      // never read: no user is UM-enabled here, so no dialog is opened
      tls: { certFile: '/nonexistent', keyFile: '/nonexistent', caFile: '/nonexistent' },
      secret: SECRET,
      log: (line) => logged.push(line),
    });
  });
  afterAll(() => notifier.stop());

  /** Sends one MESSAGE over TCP and resolves with the status line of the answer. */
  function send(
    headerLines: string[],
    body = 'event: missed\r\nuser: bob\r\ncall-id: c@h\r\nfrom: sip:a@b\r\nreason: Declined\r\n',
  ) {
    const text = [
      'MESSAGE sip:127.0.0.1 SIP/2.0',
      'Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-test',
      'From: <sip:proxy@umphone.test>;tag=1',
      'To: <sip:notifier@umphone.test>',
      'Call-ID: test@notifier',
      'CSeq: 1 MESSAGE',
      ...headerLines,
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
    return new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: notifier.port }, () => socket.write(text));
      let received = '';
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        if (received.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(received.split('\r\n')[0] ?? '');
        }
      });
      socket.on('error', reject);
    });
  }
  const TYPE = 'Content-Type: text/x-um-phone-call-event';

  it('refuses a MESSAGE without the secret, with a wrong one, or with two (403), and logs it', async () => {
    expect(await send([TYPE])).toBe('SIP/2.0 403 Forbidden');
    expect(await send([TYPE, `X-Lab-Notifier-Secret: ${'b'.repeat(64)}`])).toBe('SIP/2.0 403 Forbidden');
    expect(await send([TYPE, `X-Lab-Notifier-Secret: ${SECRET.slice(1)}`])).toBe('SIP/2.0 403 Forbidden');
    expect(await send([TYPE, `X-Lab-Notifier-Secret: ${SECRET}`, 'X-Lab-Notifier-Secret: x'])).toBe(
      'SIP/2.0 403 Forbidden',
    );
    expect(notifier.refused.slice(0, 4)).toEqual([
      'no secret',
      'wrong secret',
      'wrong secret',
      'wrong secret',
    ]);
    expect(logged.filter((l) => l.includes('refused (403)'))).toHaveLength(4);
  });

  it('with the secret: a well-formed event is accepted (200), a forged body refused (400) and logged', async () => {
    const before = notifier.refused.length;
    expect(await send([TYPE, `x-lab-notifier-secret: ${SECRET}`])).toBe('SIP/2.0 200 OK');
    const folded =
      'event: missed\r\nuser: alice\r\ncall-id: c@h\r\nfrom: sip:a@b\r\nreason: Declined\r\nsubject: hello\r\n user: bob\r\n';
    expect(await send([TYPE, `X-Lab-Notifier-Secret: ${SECRET}`], folded)).toBe('SIP/2.0 400 Bad Request');
    expect(await send(['Content-Type: text/plain', `X-Lab-Notifier-Secret: ${SECRET}`])).toBe(
      'SIP/2.0 415 Unsupported Media Type',
    );
    expect(notifier.refused.slice(before)).toEqual([
      'line 7: continuation line',
      'content type "text/plain"',
    ]);
    expect(logged.some((l) => l.includes('refused (400): line 7: continuation line'))).toBe(true);
  });

  it('makes its own random secret unless given one', async () => {
    const other = await startNotifier({
      lab: { host: '127.0.0.1', domain: 'umphone.test', dialPlans: [], userDialPlans: {} },
      tls: { certFile: '/nonexistent', keyFile: '/nonexistent', caFile: '/nonexistent' },
      log: () => undefined,
    });
    try {
      expect(other.secret).toMatch(/^[0-9a-f]{64}$/);
      expect(other.secret).not.toBe(notifier.secret);
    } finally {
      await other.stop();
    }
  });
});
