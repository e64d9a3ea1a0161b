/**
 * Detection of the RFC 3840 `automata` feature parameter on Contact header values.
 *
 * MS-OCEXUM (2010 edition) 1.3 and 2.2.5: the UM server marks its Contact with `automata`
 * (RFC 3840 §10.7, sip.automata) to say the caller is an automaton acting for the user, e.g.
 * `Contact: <sip:exchangeum@contoso.com >;automata`. That edition calls it a "URI parameter", but
 * its example and the MS-OCEXUM 4.2 INVITE both place it after `>`, where RFC 3840 §9 puts
 * feature parameters (contact-params). Only that position counts: a parameter inside the angle
 * brackets belongs to the URI and says nothing about the caller.
 */
import { parseNameAddr, splitHeaderValues, unquote, type HeaderParam } from './name-addr';

const AUTOMATA = 'automata';

/**
 * Whether a feature parameter value means boolean TRUE (RFC 3840 §9):
 * - no value: a bare boolean feature tag means TRUE;
 * - `"TRUE"` and `"!FALSE"` mean TRUE; `"FALSE"` and `"!TRUE"` mean FALSE (case-insensitive);
 * - the grammar requires quotes, but an unquoted `TRUE` is accepted because lenient stacks emit it;
 * - a tag-value-list (`"TRUE,FALSE"`) counts only if every item means TRUE: an ambiguous value
 *   must not unlock the ring-through-Appear-Offline path;
 * - anything else (empty, numeric `#...`, string `<...>`, tokens) is not TRUE.
 */
export function featureValueIsTrue(value: string | undefined): boolean {
  if (value === undefined) return true;
  const items = unquote(value.trim()).split(',');
  return items.every((item) => {
    const token = item.trim().toUpperCase();
    return token === 'TRUE' || token === '!FALSE';
  });
}

/** True when the header parameters carry `automata` meaning TRUE (every occurrence, if repeated). */
export function hasAutomataParam(params: readonly HeaderParam[]): boolean {
  const occurrences = params.filter((param) => param.name === AUTOMATA);
  return occurrences.length > 0 && occurrences.every((param) => featureValueIsTrue(param.value));
}

/**
 * True when any element of the given Contact header values is marked as an automaton.
 *
 * Each value may hold several comma-separated contacts, and a message may repeat the header; an
 * INVITE should have exactly one Contact (RFC 3261 §8.1.1.8), so when several exist we accept
 * the marker on any of them. For an unbracketed contact (`Contact: sip:x@y;automata`) the
 * parameters after the URI are header parameters per RFC 3261 §20.10, so the marker counts.
 * Elements that do not parse as an address are ignored.
 */
export function contactsIndicateAutomaton(contactValues: readonly string[]): boolean {
  for (const value of contactValues) {
    for (const element of splitHeaderValues(value)) {
      const contact = parseNameAddr(element, 'header');
      if (contact && hasAutomataParam(contact.params)) return true;
    }
  }
  return false;
}
