import { addressKey, knownName, type CallInfo, type NamedCaller } from '../../store';

export interface DialSuggestion {
  key: string;
  /** What is dialled: the contact as written in the settings, or the address called before. */
  value: string;
  /** A name when known, else the address as a person reads it. */
  name: string;
  /** The address, when the name is shown instead. */
  address?: string;
  source: 'contact' | 'recent';
}

/** How many suggestions the list shows at most. */
export const SUGGESTION_LIMIT = 8;

/** `sip:bob@example.com` → `bob@example.com`. */
function readable(address: string): string {
  return address.replace(/^sips?:/i, '');
}

/**
 * What the dial field suggests for `typed`: the contacts first, then the people of recent calls
 * (newest first, each address once, never one that is already a contact), every one whose name or
 * address contains what was typed (case-insensitive). Voicemail and Play-On-Phone calls are not
 * people to call back.
 */
export function dialSuggestions(
  typed: string,
  contacts: readonly string[],
  history: readonly CallInfo[],
  ownAor: string,
  messages: readonly NamedCaller[] = [],
  limit = SUGGESTION_LIMIT,
): DialSuggestion[] {
  const query = typed.trim().toLowerCase();
  const seen = new Set<string>();
  const all: DialSuggestion[] = [];
  const add = (value: string, source: DialSuggestion['source'], name?: string) => {
    const key = addressKey(value, ownAor);
    if (key === '' || seen.has(key)) return;
    seen.add(key);
    const address = readable(value.includes('@') ? value : `${value}@${key.split('@')[1] ?? ''}`);
    all.push({
      key: `${source}:${key}`,
      value,
      name: name ?? address,
      address: name ? address : undefined,
      source,
    });
  };
  const nameOf = (address: string) => knownName(history, address, ownAor, messages);
  for (const contact of contacts) add(contact, 'contact', nameOf(contact));
  for (const call of history) {
    if (call.purpose !== 'call' || call.peerUri === '') continue;
    add(call.peerUri, 'recent', call.peerName?.trim() || nameOf(call.peerUri));
  }
  const matches = (s: DialSuggestion) =>
    query === '' || s.name.toLowerCase().includes(query) || (s.address ?? '').toLowerCase().includes(query);
  return all.filter(matches).slice(0, limit);
}
