import { describe, expect, it } from 'vitest';
import { dtmfKeyFor, isTextEntry } from './keyboard';

describe('dtmfKeyFor', () => {
  it('takes digits, star and hash', () => {
    for (const k of ['0', '5', '9', '*', '#']) expect(dtmfKeyFor(k)).toBe(k);
  });

  it('ignores every other key', () => {
    for (const k of ['a', 'Enter', ' ', 'F1', '10', '']) expect(dtmfKeyFor(k)).toBeUndefined();
  });
});

describe('isTextEntry', () => {
  it('counts text inputs, text areas, selects and editable content as typing', () => {
    expect(isTextEntry({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTextEntry({ tagName: 'input', type: 'password' })).toBe(true);
    expect(isTextEntry({ tagName: 'INPUT', type: 'tel' })).toBe(true);
    expect(isTextEntry({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextEntry({ tagName: 'SELECT' })).toBe(true);
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('does not count buttons, checkboxes, read-only fields or nothing', () => {
    expect(isTextEntry({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextEntry({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextEntry({ tagName: 'INPUT', type: 'text', readOnly: true })).toBe(false);
    expect(isTextEntry({ tagName: 'BODY' })).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});
