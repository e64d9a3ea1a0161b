import { describe, expect, it } from 'vitest';
import { InvalidSipUriError } from './invalid-sip-uri-error';

describe('InvalidSipUriError', () => {
  it('is an Error with its own name and a user-readable default message', () => {
    const error = new InvalidSipUriError();
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidSipUriError');
    expect(error.message).toMatch(/sip:user@domain/);
    expect(new InvalidSipUriError('custom').message).toBe('custom');
  });
});
