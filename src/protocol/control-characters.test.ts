import { describe, expect, it } from 'vitest';
import { findUnsafeHeaderChar, isControlCharCode, stripControlChars } from './control-characters';

describe('isControlCharCode', () => {
  it.each([0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0x2028, 0x2029])('flags U+%s', (code) => {
    expect(isControlCharCode(code)).toBe(true);
  });

  it.each([0x20, 0x41, 0x7e, 0xa0, 0xe9, 0x2027, 0x202a, 0x20ac])('allows U+%s', (code) => {
    expect(isControlCharCode(code)).toBe(false);
  });
});

describe('findUnsafeHeaderChar', () => {
  it('returns -1 for ordinary text, including non-ASCII and astral characters', () => {
    expect(findUnsafeHeaderChar('Voicemail für Jürgen: Q3 ☎ 😀, ok; done')).toBe(-1);
    expect(findUnsafeHeaderChar('')).toBe(-1);
  });

  it.each([
    ['CR', 'a\rb', 1],
    ['LF', 'a\nb', 1],
    ['CRLF', 'ab\r\nX: y', 2],
    ['NUL', '\u0000', 0],
    ['TAB', 'a\tb', 1],
    ['DEL', 'a\u007fb', 1],
    ['NEL', 'a\u0085b', 1],
    ['LINE SEPARATOR', 'a\u2028b', 1],
    ['PARAGRAPH SEPARATOR', 'a\u2029b', 1],
    ['lone high surrogate', 'a\ud83d', 1],
    ['lone high surrogate followed by text', 'a\ud83db', 1],
    ['lone low surrogate', 'a\ude00b', 1],
  ])('finds %s', (_name, text, index) => {
    expect(findUnsafeHeaderChar(text)).toBe(index);
  });
});

describe('stripControlChars', () => {
  it('removes C0, DEL, C1 and Unicode line separators, keeping everything else', () => {
    expect(stripControlChars('a\u0000b\r\nc\td\u007fe\u0085f\u009fg\u2028h\u2029i')).toBe('abcdefghi');
    expect(stripControlChars('plain ☎ text')).toBe('plain ☎ text');
    expect(stripControlChars('\u0001\u0002')).toBe('');
  });
});
