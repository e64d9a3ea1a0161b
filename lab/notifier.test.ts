import { describe, expect, it } from 'vitest';
import { buildUserNotification, parseUserNotification } from '../src/protocol/user-notification';
import { callEventNotification, parseCallEvent } from './notifier';

const NOW = new Date('2024-03-01T12:34:56.789Z');

/** What kamailio.cfg route[USER_NOTIFY] sends. */
function event(lines: string[]): Map<string, string> {
  return parseCallEvent(lines.map((l) => `${l}\r\n`).join(''));
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
