/**
 * Who transferred a call to us: the Referred-By of an INVITE (RFC 3892 §3), as `sip:user@host`.
 *
 * Only a name to show ("Transferred by Bob"), never a reason to treat the call differently: the
 * header is believed only as far as the proxy vouches for it (the lab proxy removes any
 * Referred-By a caller wrote and writes its own only for a REFER it relayed, kamailio.cfg
 * route[REFERRAL]). One value or none: two Referred-By headers, a URI that is not SIP, or text
 * that does not parse as one name-addr shows nothing rather than a guess.
 */
import { parseNameAddr } from '../../protocol/name-addr';
import { parseSipUri } from '../../protocol/sip-uri';
import { ownCopy } from './own-copy';

export function referrerOf(values: readonly string[]): string | undefined {
  if (values.length !== 1) return undefined;
  const address = parseNameAddr(values[0] ?? '', 'header');
  const uri = address ? parseSipUri(address.uri) : undefined;
  if (!uri || uri.user === undefined) return undefined;
  // The history keeps it: an own copy, not a view of the INVITE's text (own-copy.ts).
  return ownCopy(`${uri.scheme}:${uri.authority}`);
}
