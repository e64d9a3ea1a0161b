import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeaderInjectionError } from './header-injection-error';
import {
  CALL_PRIORITIES,
  MAX_SUBJECT_LENGTH,
  outgoingCallHeaders,
  type OutgoingCallOptions,
} from './outgoing-call-headers';

/** fast-check runs hundreds of cases: on a loaded machine that takes longer than Vitest's 5 s default. */
const PROPERTY_TEST = { timeout: 60_000 };

function rejection(run: () => unknown): HeaderInjectionError {
  try {
    run();
  } catch (error) {
    if (error instanceof HeaderInjectionError) return error;
    throw error;
  }
  throw new Error('expected HeaderInjectionError');
}

describe('outgoingCallHeaders', PROPERTY_TEST, () => {
  it('builds Subject, Priority and skip-pin headers in that order (MS-OCEXUM 2.2.1, RFC 3261 §20.36/§20.26)', () => {
    expect(
      outgoingCallHeaders({ subject: 'About the new sales project', priority: 'urgent', skipPin: true }),
    ).toEqual(['Subject: About the new sales project', 'Priority: urgent', 'Ms-Exchange-Command: skip-pin']);
  });

  it('returns no headers when nothing is asked for', () => {
    expect(outgoingCallHeaders({})).toEqual([]);
    expect(outgoingCallHeaders({ skipPin: false })).toEqual([]);
    expect(outgoingCallHeaders(undefined as unknown as OutgoingCallOptions)).toEqual([]);
    expect(outgoingCallHeaders(null as unknown as OutgoingCallOptions)).toEqual([]);
  });

  it('sends skip-pin only for skipPin: true', () => {
    expect(outgoingCallHeaders({ skipPin: true })).toEqual(['Ms-Exchange-Command: skip-pin']);
  });

  it('trims the subject and leaves out an empty or whitespace-only one', () => {
    expect(outgoingCallHeaders({ subject: '  Q3 numbers  ' })).toEqual(['Subject: Q3 numbers']);
    expect(outgoingCallHeaders({ subject: '' })).toEqual([]);
    expect(outgoingCallHeaders({ subject: '     ' })).toEqual([]);
  });

  it('keeps SIP punctuation and Unicode in the subject (it is one header value)', () => {
    expect(outgoingCallHeaders({ subject: 'Re: Q3; "draft", <v2> für Jürgen ☎ 😀' })).toEqual([
      'Subject: Re: Q3; "draft", <v2> für Jürgen ☎ 😀',
    ]);
  });

  it.each(CALL_PRIORITIES)('accepts priority %s', (priority) => {
    expect(outgoingCallHeaders({ priority })).toEqual([`Priority: ${priority}`]);
  });

  it.each([
    ['CR', 'hello\rworld'],
    ['LF', 'hello\nworld'],
    ['CRLF + header', 'hello\r\nMs-Exchange-Command: skip-pin'],
    ['trailing CRLF', 'hello\r\n'],
    ['leading LF', '\nhello'],
    ['NUL', 'hello\u0000'],
    ['TAB', 'a\tb'],
    ['ESC', '\u001b[31mred'],
    ['DEL', 'a\u007f'],
    ['NEL (C1)', 'hello\u0085Ms-Exchange-Command: skip-pin'],
    ['C1 CSI', 'a\u009b'],
    ['LINE SEPARATOR', 'a\u2028b'],
    ['PARAGRAPH SEPARATOR', 'a\u2029b'],
    ['lone surrogate', 'a\ud800b'],
  ])('rejects a subject containing %s', (_name, subject) => {
    const error = rejection(() => outgoingCallHeaders({ subject }));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('HeaderInjectionError');
    expect(error.field).toBe('subject');
    expect(error.reason).toBe('control-character');
    expect(error.message).toMatch(/subject/i);
    expect(error.message).not.toContain(subject);
  });

  it(`rejects a subject longer than ${MAX_SUBJECT_LENGTH} characters`, () => {
    expect(outgoingCallHeaders({ subject: 'a'.repeat(MAX_SUBJECT_LENGTH) })).toHaveLength(1);
    expect(outgoingCallHeaders({ subject: `  ${'😀'.repeat(MAX_SUBJECT_LENGTH)}  ` })).toHaveLength(1);
    const error = rejection(() => outgoingCallHeaders({ subject: 'a'.repeat(MAX_SUBJECT_LENGTH + 1) }));
    expect(error).toMatchObject({ field: 'subject', reason: 'too-long', name: 'HeaderInjectionError' });
  });

  it.each([42, {}, ['a'], null, true])('rejects a non-string subject %j', (subject) => {
    const error = rejection(() => outgoingCallHeaders({ subject } as unknown as OutgoingCallOptions));
    expect(error).toMatchObject({ field: 'subject', reason: 'wrong-type' });
  });

  it.each([
    'Urgent',
    'URGENT',
    'high',
    '',
    ' urgent',
    'urgent\r\nMs-Exchange-Command: skip-pin',
    1,
    null,
    {},
  ])('rejects priority %j', (priority) => {
    const error = rejection(() => outgoingCallHeaders({ priority } as unknown as OutgoingCallOptions));
    expect(error).toMatchObject({ field: 'priority', reason: 'not-allowed', name: 'HeaderInjectionError' });
    expect(error.message).toMatch(/priority/i);
  });

  it.each(['true', 1, 'skip-pin\r\nX: y', null])('rejects skipPin %j', (skipPin) => {
    const error = rejection(() => outgoingCallHeaders({ skipPin } as unknown as OutgoingCallOptions));
    expect(error).toMatchObject({ field: 'skipPin', reason: 'wrong-type' });
  });

  it('ignores unknown options instead of turning them into headers', () => {
    const options = { subject: 'hi', 'X-Evil': 'yes', extraHeaders: ['Ms-Exchange-Command: skip-pin'] };
    expect(outgoingCallHeaders(options as unknown as OutgoingCallOptions)).toEqual(['Subject: hi']);
  });

  it('either throws HeaderInjectionError or returns single-line headers of known names', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string(),
      fc.constantFrom('\r', '\n', '\r\n', '\u0085', '\u2028', 'X: y', ' '),
    );
    const options = fc.record(
      {
        subject: fc.oneof(
          text,
          fc.array(text).map((parts) => parts.join('')),
        ),
        priority: fc.oneof(fc.constantFrom(...CALL_PRIORITIES), text) as fc.Arbitrary<
          OutgoingCallOptions['priority']
        >,
        skipPin: fc.oneof(fc.boolean(), fc.anything()) as fc.Arbitrary<boolean>,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(options, (opts) => {
        let headers: string[];
        try {
          headers = outgoingCallHeaders(opts);
        } catch (error) {
          expect(error).toBeInstanceOf(HeaderInjectionError);
          return;
        }
        expect(headers.length).toBeLessThanOrEqual(3);
        for (const header of headers) {
          expect(header).not.toMatch(/[\r\n]/);
          expect(header).toMatch(/^[A-Za-z-]+: /);
          expect(header).toMatch(/^(Subject|Priority|Ms-Exchange-Command): /);
        }
      }),
      { numRuns: 500 },
    );
  });
});
