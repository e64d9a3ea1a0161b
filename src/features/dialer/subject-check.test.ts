import { describe, expect, it } from 'vitest';
import { editableSubject, SUBJECT_LIMIT, subjectLength, subjectProblem } from './subject-check';
import { outgoingCallHeaders } from '../../protocol';

describe('the Subject as the dialer checks it', () => {
  it('counts code points after trimming, as the SIP layer does', () => {
    expect(subjectLength('  Budget 😀  ')).toBe(8);
  });

  it('refuses line breaks, tabs and other control characters instead of cleaning them away', () => {
    for (const s of ['Line\ntwo', 'Line\r\nX-Evil: 1', 'a\tb', 'nul\u0000', 'sep\u2028']) {
      expect(subjectProblem(s)).toEqual({ kind: 'unsafe' });
    }
  });

  it('accepts a Subject exactly at the limit and names the limit one above it', () => {
    expect(subjectProblem('x'.repeat(SUBJECT_LIMIT))).toBeUndefined();
    expect(subjectProblem('x'.repeat(SUBJECT_LIMIT + 1))).toEqual({ kind: 'too-long', limit: SUBJECT_LIMIT });
  });

  it('agrees with the SIP layer: whatever it lets through is sent as one Subject header, unchanged', () => {
    const long = `${'x'.repeat(SUBJECT_LIMIT - 10)} ten chars`;
    expect(subjectLength(long)).toBe(SUBJECT_LIMIT);
    expect(subjectProblem(long)).toBeUndefined();
    expect(subjectProblem(`${long}!`)).toBeDefined();
    const headers = outgoingCallHeaders({ subject: long });
    expect(headers).toEqual([`Subject: ${long}`]);
    // And what it refuses, the SIP layer would refuse too.
    expect(() => outgoingCallHeaders({ subject: `${long}!` })).toThrow();
  });

  it('makes a link’s Subject editable: a line break becomes one visible space', () => {
    expect(editableSubject('Line\ntwo')).toBe('Line two');
    expect(editableSubject('a\r\n\r\nb\t')).toBe('a b');
  });
});
