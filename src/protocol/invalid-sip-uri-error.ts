/** Thrown when text that must be a SIP or SIPS URI (RFC 3261 §19.1) is not one. */
export class InvalidSipUriError extends Error {
  override readonly name = 'InvalidSipUriError';

  constructor(message = 'That is not a valid SIP address. Use the form sip:user@domain.') {
    super(message);
  }
}
