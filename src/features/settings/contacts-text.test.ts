import { describe, expect, it } from 'vitest';
import { parseContacts } from './contacts-text';

describe('contacts typed in the settings panel', () => {
  it('takes one per line or comma-separated, each once', () => {
    expect(parseContacts('bob\nsip:carol@umphone.test, bob')).toEqual({
      contacts: ['bob', 'sip:carol@umphone.test'],
    });
    expect(parseContacts('')).toEqual({ contacts: [] });
  });

  it('refuses what is not a SIP address, saying which', () => {
    expect(parseContacts('bob\n<evil>')).toEqual({ error: '“<evil>” is not a SIP address.' });
  });
});
