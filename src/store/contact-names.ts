/**
 * Names for addresses, as far as the phone knows them: the display name a person sent when they
 * called (their own From, RFC 3261 §20.20), newest first. Used to name outgoing calls, the history
 * and the dial suggestions, so a known person is never shown as a raw URI.
 */
import type { CallInfo } from '../sip/call-state';

/**
 * `sip:Bob@Example.COM;transport=ws` → `bob@example.com`: the user and host of a SIP address, for
 * comparing addresses as a person would (scheme, parameters and case set aside); a bare user part
 * (`bob`, as contacts may be written) takes the host of `ownAor`.
 */
export function addressKey(address: string, ownAor = ''): string {
  const bare =
    address
      .trim()
      .replace(/^sips?:/i, '')
      .split(/[;?>]/)[0] ?? '';
  const at = bare.lastIndexOf('@');
  if (at < 0) {
    const ownHost = /@([^;?>]+)/.exec(ownAor)?.[1] ?? '';
    return ownHost ? `${bare.toLowerCase()}@${ownHost.toLowerCase()}` : bare.toLowerCase();
  }
  // RFC 3261 §19.1.4: the host compares case-insensitively; the user part is compared as people
  // write it (a user name "Bob" and "bob" are one person to the user).
  return `${bare.slice(0, at).toLowerCase()}@${bare.slice(at + 1).toLowerCase()}`;
}

/** A voice message's caller, as the voicemail server lists it. */
export interface NamedCaller {
  caller: string;
  callerName?: string;
}

/**
 * The newest display name this address called with (ordinary calls only), else the name its
 * newest voice message was left under; undefined when it never called.
 */
export function knownName(
  history: readonly CallInfo[],
  address: string,
  ownAor = '',
  messages: readonly NamedCaller[] = [],
): string | undefined {
  const key = addressKey(address, ownAor);
  for (const call of history) {
    if (call.direction !== 'incoming' || call.purpose !== 'call') continue;
    const name = call.peerName?.trim();
    if (name && addressKey(call.peerUri, ownAor) === key) return name;
  }
  for (const message of messages) {
    const name = message.callerName?.trim();
    if (name && addressKey(message.caller, ownAor) === key) return name;
  }
  return undefined;
}
