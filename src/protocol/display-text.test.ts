import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displaySafeText } from './display-text';

/** fast-check runs hundreds of cases: on a loaded machine that takes longer than Vitest's 5 s default. */
const PROPERTY_TEST = { timeout: 60_000 };

describe('displaySafeText', PROPERTY_TEST, () => {
  it('removes bidi overrides so a name reads in its logical order', () => {
    expect(displaySafeText('Invoice \u202Egpj.exe')).toBe('Invoice gpj.exe');
    expect(displaySafeText('\u2066a\u2067b\u2068c\u2069 \u202A\u202B\u202C\u202D')).toBe('abc ');
  });
  it('turns control characters into spaces and keeps tabs and ordinary text', () => {
    expect(displaySafeText('a\r\nb\u0000c\u001bd\u0085e')).toBe('a  b c d e');
    expect(displaySafeText('tab\there')).toBe('tab\there');
    expect(displaySafeText('Grüße, שלום, مرحبا 👋')).toBe('Grüße, שלום, مرحبا 👋');
    expect(displaySafeText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
  it('turns the Unicode line and paragraph separators into spaces: no fake second line', () => {
    expect(displaySafeText('IT Helpdesk\u2028Subject: password expired\u2029x')).toBe(
      'IT Helpdesk Subject: password expired x',
    );
  });
  it('never leaves a bidi control or a line break, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = displaySafeText(s);
        return (
          out.length <= s.length &&
          !/[\u202A-\u202E\u2066-\u2069\r\n\u2028\u2029]/.test(out) &&
          !out.includes(String.fromCharCode(0))
        );
      }),
    );
  });
});
