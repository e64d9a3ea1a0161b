import type { RegistrationReason } from '../../store';

/** The sign-in form's fields a failed sign-in can point at. */
export type ProblemField = 'serverUrl' | 'aor' | 'authUser' | 'password';

/**
 * Which field a failed sign-in is about, so the error shows next to it: refused credentials are
 * the password's, an unusable address the SIP address's, anything about reaching the server (or
 * it not answering) the server URL's. A 404 from the registrar means it does not know the address.
 */
export function problemField(reason: RegistrationReason): ProblemField {
  switch (reason.kind) {
    case 'credentials-refused':
      return 'password';
    case 'invalid-address':
    case 'contact-not-confirmed':
      return 'aor';
    case 'unsafe-auth-user':
      return 'authUser';
    case 'register-refused':
      return reason.status === 404 ? 'aor' : 'serverUrl';
    case 'connecting':
    case 'cannot-reach':
    case 'connection-closed':
    case 'disconnected':
    case 'browser-offline':
    case 'keep-alive-unanswered':
    case 'keep-alive-unsent':
    case 'register-unanswered':
    case 'register-not-sent':
    case 'registration-expired':
    case 'client-not-loaded':
      return 'serverUrl';
  }
}
