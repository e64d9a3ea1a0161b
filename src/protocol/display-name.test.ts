import { describe, expect, it } from 'vitest';
import { isSafeDigestUsername, quotedStringContent } from './display-name';

describe('quotedStringContent', () => {
  it('escapes quotes and backslashes so the name cannot leave its quoted-string', () => {
    expect(quotedStringContent('Bob "the boss" \\o/')).toBe('Bob \\"the boss\\" \\\\o/');
  });
  it('drops line breaks so no header can be injected', () => {
    expect(quotedStringContent('Eve\r\nSubject: injected')).toBe('EveSubject: injected');
  });
  it('keeps ordinary names', () => {
    expect(quotedStringContent('Zoë Müller-Łukasz')).toBe('Zoë Müller-Łukasz');
  });
});

describe('isSafeDigestUsername', () => {
  it('accepts ordinary user names and refuses quotes, backslashes and controls', () => {
    expect(isSafeDigestUsername('alice.smith')).toBe(true);
    expect(isSafeDigestUsername('alice"')).toBe(false);
    expect(isSafeDigestUsername('a\\b')).toBe(false);
    expect(isSafeDigestUsername('alice\r\nX: y')).toBe(false);
  });
});
