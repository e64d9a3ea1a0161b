import { describe, expect, it } from 'vitest';
import { Core } from 'sip.js';
import { gateMessage, inspectInvite } from '../protocol';
import { sampleInvite, sampleRegisterResponses, warmUpIncomingCall, warmUpSignIn } from './warm-up';

const aor = 'sip:bob@umphone.test';

describe('warm-up of the incoming-call path', () => {
  // The warm-up is only worth its idle time if the made-up INVITE takes the real path: accepted by
  // the gate, parsed by SIP.js, read as Play-On-Phone. A refused or unparsable sample would warm
  // up the refusal path instead.
  it('uses an INVITE that the gate accepts, SIP.js parses and MS-OCEXUM reads as Play-On-Phone', () => {
    const raw = sampleInvite(aor);
    const verdict = gateMessage(raw);
    expect(verdict.verdict).toBe('pass');
    const text = verdict.verdict === 'pass' ? verdict.text : '';
    const errors: unknown[] = [];
    const logger = { error: (m: unknown) => errors.push(m), warn: () => 0, log: () => 0, debug: () => 0 };
    const message = Core.Parser.parseMessage(text, logger as unknown as Core.Logger);
    expect(errors).toEqual([]);
    expect(message).toBeInstanceOf(Core.IncomingRequestMessage);
    expect((message as Core.IncomingRequestMessage).method).toBe('INVITE');
    expect(inspectInvite(text, aor)).toMatchObject({ playOnPhone: true, subject: 'Voice message' });
  });

  it('uses REGISTER responses that pass the gate and SIP.js parses, challenge and Contact included', () => {
    for (const raw of sampleRegisterResponses(aor)) {
      const verdict = gateMessage(raw);
      expect(verdict.verdict).toBe('pass');
      const text = verdict.verdict === 'pass' ? verdict.text : '';
      const errors: unknown[] = [];
      const logger = { error: (m: unknown) => errors.push(m), warn: () => 0, log: () => 0, debug: () => 0 };
      const message = Core.Parser.parseMessage(text, logger as unknown as Core.Logger);
      expect(errors).toEqual([]);
      expect(message).toBeInstanceOf(Core.IncomingResponseMessage);
      const response = message as Core.IncomingResponseMessage;
      expect(response.method).toBe('REGISTER');
      if (response.statusCode === 401) expect(response.parseHeader('www-authenticate')).toBeTruthy();
      else expect(response.parseHeader('contact')).toBeTruthy();
    }
  });

  it('runs without throwing for any AOR shape', () => {
    expect(() => warmUpIncomingCall(aor)).not.toThrow();
    expect(() => warmUpIncomingCall('not an aor')).not.toThrow();
    expect(() => warmUpSignIn(aor)).not.toThrow();
    expect(() => warmUpSignIn('')).not.toThrow();
  });
});
