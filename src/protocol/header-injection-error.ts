/**
 * Thrown when a value meant for an outgoing SIP header could change the message's structure or
 * is not allowed for that header. RFC 3261 §7.3.1: a line break ends a header, so a CR or LF in a
 * Subject would let the caller add headers of their choosing (for example a forged
 * `Ms-Exchange-Command: skip-pin`, MS-OCEXUM 2.2.1).
 */

/** The call option whose value was refused. */
export type HeaderField = 'subject' | 'priority' | 'skipPin';

/**
 * Why the value was refused:
 * - `control-character`: CR, LF or another control / line-separator character;
 * - `too-long`: longer than the field allows;
 * - `not-allowed`: not one of the field's permitted values;
 * - `wrong-type`: not the expected JavaScript type (untyped callers).
 */
export type HeaderRejection = 'control-character' | 'too-long' | 'not-allowed' | 'wrong-type';

export class HeaderInjectionError extends Error {
  override readonly name = 'HeaderInjectionError';
  readonly field: HeaderField;
  readonly reason: HeaderRejection;

  constructor(field: HeaderField, reason: HeaderRejection, message: string) {
    super(message);
    this.field = field;
    this.reason = reason;
  }
}
