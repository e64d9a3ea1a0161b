/**
 * Optional client-side hardening of Play-On-Phone (MS-OCEXUM 3.2). The spec's rule (automaton
 * Contact, From = To = own AOR: see inspectInvite) can be met by anything that can get an INVITE
 * to the phone. When the user lists the hosts their voicemail server calls from
 * (`trustedVoicemailHosts`), a Play-On-Phone call must also come with a Contact on one of them.
 * An empty list leaves the spec's rule alone.
 */
import type { InviteFacts } from './inspect-invite';
import { parseNameAddr, splitHeaderValues } from './name-addr';
import { headerValues, parseHeaderSection } from './sip-headers';
import { parseSipUri } from './sip-uri';

/** A host name for comparison: lower case, no trailing root dot. Hosts compare case-insensitively (RFC 3261 §19.1.4). */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * Host of a single Contact header element (`"UM" <sip:um@Exchange.Contoso.com:5061;transport=tls>;automata`
 * → `exchange.contoso.com`), or undefined when it is not exactly one SIP/SIPS address.
 */
export function contactHost(rawContact: string): string | undefined {
  const elements = splitHeaderValues(rawContact);
  if (elements.length !== 1 || elements[0] === undefined) return undefined;
  const address = parseNameAddr(elements[0], 'header');
  if (!address) return undefined;
  const uri = parseSipUri(address.uri);
  return uri ? normalizeHost(uri.host) : undefined;
}

/** Hosts of every Contact in a raw SIP message; undefined entries for Contacts that don't parse. */
export function contactHosts(rawMessage: string): (string | undefined)[] {
  const headers = parseHeaderSection(rawMessage);
  if (!headers) return [];
  return headerValues(headers, 'contact').flatMap((value) => splitHeaderValues(value).map(contactHost));
}

/**
 * Whether an INVITE is a Play-On-Phone call the phone should trust: `facts.playOnPhone` (from
 * inspectInvite, unchanged) and, when `trustedHosts` is not empty, every Contact of the INVITE on a
 * listed host (an INVITE has exactly one Contact, RFC 3261 §8.1.1.8; an extra one must not smuggle
 * an untrusted caller in). Never throws.
 */
export function isTrustedPlayOnPhone(
  facts: Pick<InviteFacts, 'playOnPhone'>,
  rawInvite: string,
  trustedHosts: readonly string[],
): boolean {
  if (!facts.playOnPhone) return false;
  const trusted = new Set(trustedHosts.map(normalizeHost).filter((h) => h !== ''));
  if (trusted.size === 0) return true;
  try {
    const hosts = contactHosts(rawInvite);
    return hosts.length > 0 && hosts.every((host) => host !== undefined && trusted.has(host));
  } catch {
    return false;
  }
}
