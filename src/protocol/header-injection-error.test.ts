import { describe, expect, it } from 'vitest';
import { HeaderInjectionError } from './header-injection-error';

describe('HeaderInjectionError', () => {
  it('is an Error with its own name, the offending field, a reason and a readable message', () => {
    const error = new HeaderInjectionError(
      'subject',
      'control-character',
      'The subject cannot contain line breaks.',
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(HeaderInjectionError);
    expect(error.name).toBe('HeaderInjectionError');
    expect(error.field).toBe('subject');
    expect(error.reason).toBe('control-character');
    expect(error.message).toBe('The subject cannot contain line breaks.');
    expect(String(error)).toBe('HeaderInjectionError: The subject cannot contain line breaks.');
    expect(error.stack).toBeDefined();
  });
});
