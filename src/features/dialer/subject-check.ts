import { MAX_SUBJECT_LENGTH } from '../../protocol';
import { findUnsafeHeaderChar } from '../../protocol/control-characters';

/** The Subject's limit as the user sees it: the SIP layer's own (MS-OCEXUM 2.2.4 sets none). */
export const SUBJECT_LIMIT = MAX_SUBJECT_LENGTH;

export type SubjectProblem = { kind: 'unsafe' } | { kind: 'too-long'; limit: number };

/**
 * How long the Subject counts, as the SIP layer counts it: code points after trimming, so an
 * emoji is one character and the counter agrees with the limit that is enforced.
 */
export function subjectLength(subject: string): number {
  return [...subject.trim()].length;
}

/**
 * Why this Subject cannot be sent as typed, if it can't. Nothing is ever cut or cleaned silently:
 * a line break or other control character could start a new header (RFC 3261 §7.3.1), so it is
 * refused, and a Subject over the limit is refused with the limit named.
 */
export function subjectProblem(subject: string | undefined): SubjectProblem | undefined {
  if (subject === undefined) return undefined;
  if (findUnsafeHeaderChar(subject) >= 0) return { kind: 'unsafe' };
  if (subjectLength(subject) > SUBJECT_LIMIT) return { kind: 'too-long', limit: SUBJECT_LIMIT };
  return undefined;
}

/**
 * A link's Subject made editable: each run of control characters becomes one space, shown in the
 * field for the user to fix and send (never sent like this without them seeing it).
 */
export function editableSubject(subject: string): string {
  let out = '';
  let gap = false;
  for (const ch of subject) {
    if (findUnsafeHeaderChar(ch) >= 0) {
      gap = true;
      continue;
    }
    if (gap && out !== '') out += ' ';
    gap = false;
    out += ch;
  }
  return out;
}
