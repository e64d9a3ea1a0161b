/**
 * Extra headers for a call the user places to voicemail (SIP.js `extraHeaders` strings).
 *
 * - Subject (RFC 3261 §20.36) and Priority (RFC 3261 §20.26): MS-OCEXUM 2010 edition 2.2.3-2.2.4
 *   and 4.3 say UM records them into the voice message.
 * - `Ms-Exchange-Command: skip-pin` (MS-OCEXUM 2.2.1, 3.1): asks UM not to prompt for the PIN.
 *   UM honours it only over a trusted transport, so callers should pass
 *   `skipPin: isTrustedTransport(serverUrl)`.
 *
 * Every value is validated so that no input can add a header (RFC 3261 §7.3.1: CR/LF end a header).
 */
import { findUnsafeHeaderChar } from './control-characters';
import { HeaderInjectionError } from './header-injection-error';

/** Priority values a client may send (RFC 3261 §20.26 priority-value, without extension tokens). */
export const CALL_PRIORITIES = ['urgent', 'normal', 'non-urgent', 'emergency'] as const;
export type CallPriority = (typeof CALL_PRIORITIES)[number];

/** Longest subject we send, in characters (code points) after trimming. */
export const MAX_SUBJECT_LENGTH = 1024;

export interface OutgoingCallOptions {
  subject?: string;
  priority?: CallPriority;
  skipPin?: boolean;
}

function subjectHeader(subject: unknown): string | undefined {
  if (subject === undefined) return undefined;
  if (typeof subject !== 'string') {
    throw new HeaderInjectionError('subject', 'wrong-type', 'The subject must be text.');
  }
  // Checked before trimming: a trailing CRLF is an injection attempt, not whitespace to tidy up.
  if (findUnsafeHeaderChar(subject) >= 0) {
    throw new HeaderInjectionError(
      'subject',
      'control-character',
      'The subject cannot contain line breaks, tabs or other control characters.',
    );
  }
  const trimmed = subject.trim();
  if (trimmed === '') return undefined;
  if ([...trimmed].length > MAX_SUBJECT_LENGTH) {
    throw new HeaderInjectionError(
      'subject',
      'too-long',
      `The subject is too long (at most ${MAX_SUBJECT_LENGTH} characters).`,
    );
  }
  return `Subject: ${trimmed}`;
}

function priorityHeader(priority: unknown): string | undefined {
  if (priority === undefined) return undefined;
  if (typeof priority !== 'string' || !(CALL_PRIORITIES as readonly string[]).includes(priority)) {
    throw new HeaderInjectionError(
      'priority',
      'not-allowed',
      `The priority must be one of: ${CALL_PRIORITIES.join(', ')}.`,
    );
  }
  return `Priority: ${priority}`;
}

function skipPinHeader(skipPin: unknown): string | undefined {
  if (skipPin === undefined || skipPin === false) return undefined;
  if (skipPin !== true) {
    throw new HeaderInjectionError('skipPin', 'wrong-type', 'The skip-PIN option must be true or false.');
  }
  return 'Ms-Exchange-Command: skip-pin';
}

/**
 * Builds the extra headers for an outgoing call, in the order Subject, Priority,
 * Ms-Exchange-Command. An empty or whitespace-only subject adds no Subject header.
 *
 * @throws HeaderInjectionError (`field` names the option) when the subject contains any control
 *   character (CR, LF, NUL, TAB, DEL, C1 such as NEL U+0085), U+2028/U+2029 or a lone surrogate,
 *   is longer than {@link MAX_SUBJECT_LENGTH} or is not a string; when the priority is not one of
 *   {@link CALL_PRIORITIES} (exact, lower case); when skipPin is neither boolean nor undefined.
 */
export function outgoingCallHeaders(opts: OutgoingCallOptions): string[] {
  // Untyped callers may pass nothing at all; that simply means "no extra headers".
  const options: Partial<Record<keyof OutgoingCallOptions, unknown>> =
    typeof opts === 'object' && opts !== null ? opts : {};
  return [
    subjectHeader(options.subject),
    priorityHeader(options.priority),
    skipPinHeader(options.skipPin),
  ].filter((header): header is string => header !== undefined);
}
