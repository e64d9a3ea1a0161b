import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inspectInvite } from './inspect-invite';
import { contactHost, isTrustedPlayOnPhone } from './trusted-voicemail-host';

/** fast-check runs hundreds of cases: on a loaded machine that takes longer than Vitest's 5 s default. */
const PROPERTY_TEST = { timeout: 60_000 };

const OWN = 'sip:bob@contoso.com';

function invite(contact: string | string[], from = OWN, to = OWN): string {
  const contacts = (Array.isArray(contact) ? contact : [contact]).map((c) => `Contact: ${c}`);
  return [
    `INVITE ${OWN} SIP/2.0`,
    'Via: SIP/2.0/TLS 10.0.0.5:5061;branch=z9hG4bK1',
    `From: <${from}>;tag=1`,
    `To: <${to}>`,
    'Call-ID: 1@um',
    'CSeq: 1 INVITE',
    ...contacts,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** UM calls bob: the spec's rule (inspectInvite) then the client's trusted-host list. */
function trusted(raw: string, hosts: string[]): boolean {
  return isTrustedPlayOnPhone(inspectInvite(raw, OWN), raw, hosts);
}

describe('contactHost', () => {
  it('reads the host of a bracketed or bare Contact, lower-cased, without port', () => {
    expect(contactHost('"UM" <sip:um@Exchange.Contoso.com.:5061;transport=tls>;automata')).toBe(
      'exchange.contoso.com',
    );
    expect(contactHost('sip:um@10.0.0.5;automata')).toBe('10.0.0.5');
    expect(contactHost('<sips:[2001:db8::1]:5061>')).toBe('[2001:db8::1]');
  });
  it('refuses anything that is not exactly one SIP address', () => {
    expect(contactHost('*')).toBeUndefined();
    expect(contactHost('<tel:+15550100>')).toBeUndefined();
    expect(contactHost('<sip:a@x>, <sip:b@y>')).toBeUndefined();
    expect(contactHost('')).toBeUndefined();
  });
});

describe('isTrustedPlayOnPhone', PROPERTY_TEST, () => {
  const um = '<sip:exchangeum@um.contoso.com;transport=tls>;automata';
  it('with no list, the spec rule alone decides', () => {
    expect(trusted(invite(um), [])).toBe(true);
    expect(trusted(invite('<sip:x@evil.example>;automata'), [])).toBe(true);
  });
  it('with a list, the Contact host must be on it (case-insensitive)', () => {
    expect(trusted(invite(um), ['UM.contoso.com'])).toBe(true);
    expect(trusted(invite('<sip:x@evil.example>;automata'), ['um.contoso.com'])).toBe(false);
    expect(trusted(invite('<sip:x@um.contoso.com.evil.example>;automata'), ['um.contoso.com'])).toBe(false);
  });
  it('refuses a second Contact from an untrusted host', () => {
    expect(trusted(invite([um, '<sip:x@evil.example>']), ['um.contoso.com'])).toBe(false);
  });
  it('never makes a non-Play-On-Phone call trusted', () => {
    expect(trusted(invite('<sip:exchangeum@um.contoso.com>;automata="FALSE"'), ['um.contoso.com'])).toBe(
      false,
    );
    expect(trusted(invite(um, 'sip:alice@contoso.com'), ['um.contoso.com'])).toBe(false);
    expect(trusted(invite(um, 'sip:alice@contoso.com', 'sip:alice@contoso.com'), ['um.contoso.com'])).toBe(
      false,
    );
  });
  it('never throws and never trusts a mangled INVITE', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (junk) => {
        const raw = invite(junk);
        expect(() => isTrustedPlayOnPhone({ playOnPhone: true }, raw, ['um.contoso.com'])).not.toThrow();
        if (isTrustedPlayOnPhone({ playOnPhone: true }, raw, ['um.contoso.com'])) {
          expect(contactHost(junk)).toBe('um.contoso.com');
        }
      }),
    );
  });
});
