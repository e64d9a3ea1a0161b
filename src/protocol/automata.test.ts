import { describe, expect, it } from 'vitest';
import { contactsIndicateAutomaton, featureValueIsTrue, hasAutomataParam } from './automata';
import { OCEXUM_2010_2_2_5_AUTOMATA_CONTACT } from './fixtures';

describe('featureValueIsTrue (RFC 3840 §9 booleans)', () => {
  it.each([
    [undefined, true],
    ['"TRUE"', true],
    ['"true"', true],
    ['TRUE', true],
    ['"!FALSE"', true],
    [' "TRUE" ', true],
    ['"TRUE,!FALSE"', true],
    ['"FALSE"', false],
    ['FALSE', false],
    ['"!TRUE"', false],
    ['"TRUE,FALSE"', false],
    ['""', false],
    ['', false],
    ['"#>=1"', false],
    ['"<voicemail>"', false],
    ['"yes"', false],
  ])('%j -> %s', (value, expected) => {
    expect(featureValueIsTrue(value)).toBe(expected);
  });
});

describe('hasAutomataParam', () => {
  it('needs an automata parameter whose every occurrence means TRUE', () => {
    expect(hasAutomataParam([{ name: 'automata', value: undefined }])).toBe(true);
    expect(hasAutomataParam([])).toBe(false);
    expect(hasAutomataParam([{ name: 'automaton', value: undefined }])).toBe(false);
    expect(
      hasAutomataParam([
        { name: 'automata', value: undefined },
        { name: 'automata', value: '"FALSE"' },
      ]),
    ).toBe(false);
  });
});

describe('contactsIndicateAutomaton', () => {
  it.each([
    ['<sip:um@contoso.com>;automata', true],
    ['<sip:um@contoso.com>;AUTOMATA', true],
    ['<sip:um@contoso.com>;Automata="TRUE"', true],
    ['<sip:um@contoso.com>;automata=TRUE', true],
    ['<sip:um@contoso.com>;automata="!FALSE"', true],
    ['<sip:um@contoso.com> ; automata ; q=0.5', true],
    ['"Exchange UM" <sip:um@contoso.com>;+sip.instance="<urn:uuid:1>";automata', true],
    ['<sip:um@contoso.com>;automata="FALSE"', false],
    ['<sip:um@contoso.com>;automata="!TRUE"', false],
    ['<sip:um@contoso.com>;automata=""', false],
    ['<sip:um@contoso.com>', false],
    ['<sip:um@contoso.com;automata>', false],
    ['<sip:um@contoso.com;automata>;q=1', false],
    ['<sip:um@contoso.com>;x-automata', false],
    ['<sip:um@contoso.com>;+sip.automata', false],
    ['<sip:um@contoso.com>;x="a;automata"', false],
    ['"Fake;automata" <sip:um@contoso.com>', false],
    ['"a, b;automata" <sip:um@contoso.com>', false],
  ])('Contact: %s -> %s', (value, expected) => {
    expect(contactsIndicateAutomaton([value])).toBe(expected);
  });

  it('counts parameters after an unbracketed URI as header parameters (RFC 3261 §20.10)', () => {
    expect(contactsIndicateAutomaton(['sip:um@contoso.com;automata'])).toBe(true);
    expect(contactsIndicateAutomaton(['sip:um@contoso.com;automata="FALSE"'])).toBe(false);
  });

  it('looks at every comma-separated contact and every Contact header', () => {
    expect(contactsIndicateAutomaton(['<sip:a@x>, <sip:um@contoso.com>;automata'])).toBe(true);
    expect(contactsIndicateAutomaton(['<sip:a@x>', '<sip:um@contoso.com>;automata'])).toBe(true);
    expect(contactsIndicateAutomaton(['<sip:a@x>, <sip:b@y>', '<sip:c@z>;automata="FALSE"'])).toBe(false);
    expect(contactsIndicateAutomaton([])).toBe(false);
  });

  it('is not fooled by commas and semicolons inside quoted display names', () => {
    expect(contactsIndicateAutomaton(['"Doe, John" <sip:jd@x>;automata'])).toBe(true);
    expect(contactsIndicateAutomaton(['"Doe, <sip:x@y>;automata" <sip:jd@x>'])).toBe(false);
  });

  it('ignores contacts that do not parse', () => {
    expect(contactsIndicateAutomaton(['<sip:um@contoso.com junk;automata'])).toBe(false);
    expect(contactsIndicateAutomaton(['"unterminated <sip:um@contoso.com>;automata'])).toBe(false);
    expect(contactsIndicateAutomaton(['*'])).toBe(false);
  });

  it('accepts the MS-OCEXUM 2010 2.2.5 example Contact (space before >)', () => {
    const value = OCEXUM_2010_2_2_5_AUTOMATA_CONTACT.slice('Contact:'.length);
    expect(contactsIndicateAutomaton([value])).toBe(true);
  });
});
