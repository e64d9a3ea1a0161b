/**
 * "Transferred by Bob": the line a call that came through a transfer carries on its card and in
 * the history (CallInfo.transferredBy, from Referred-By, RFC 3892, or the transferor of our own
 * referred call). The transferor is named as the phone knows them, as text only.
 */
import { en, type Catalogue } from '../../i18n';
import { addressKey, knownName, type CallInfo, type NamedCaller } from '../../store';
import { usePhone } from '../../store';
import { shortName } from './call-labels';

/** What the phone knows of people: calls (live and past) and the voice messages' callers. */
export interface KnownPeople {
  calls: readonly CallInfo[];
  history: readonly CallInfo[];
  messages: readonly NamedCaller[];
  aor: string;
}

/**
 * `address` as a person: the name a call with them carried (the newest, live calls first, either
 * direction: the transferor is often the one we were just talking to), else the name they called
 * or left a message under, else the user part of the address.
 */
export function personName(address: string, known: KnownPeople, t: Catalogue = en): string {
  const key = addressKey(address, known.aor);
  const named = [...known.calls, ...known.history].find(
    (call) => call.purpose === 'call' && call.peerName?.trim() && addressKey(call.peerUri, known.aor) === key,
  );
  // The history was searched above (either direction): only the voice messages are left to ask.
  const name = named?.peerName?.trim() ?? knownName([], address, known.aor, known.messages);
  return name ?? shortName({ peerUri: address, purpose: 'call' }, t);
}

/** "Transferred by …" for a call that came through a transfer, else undefined. */
export function transferNote(
  call: Pick<CallInfo, 'transferredBy'>,
  known: KnownPeople,
  t: Catalogue = en,
): string | undefined {
  return call.transferredBy ? t.transfer.transferredBy(personName(call.transferredBy, known, t)) : undefined;
}

/** The phone's knowledge of people, for transferNote in a view. */
export function useKnownPeople(): KnownPeople {
  const calls = usePhone((s) => s.calls);
  const history = usePhone((s) => s.history);
  const messages = usePhone((s) => s.voicemail.messages);
  const aor = usePhone((s) => s.settings.aor);
  return { calls, history, messages, aor };
}
