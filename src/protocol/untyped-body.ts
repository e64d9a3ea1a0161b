/**
 * RFC 3261 §7.4.1 / §20.15: a request with a body must say what the body is (Content-Type). One
 * that doesn't is refused with 415 (RFC 3261 §8.2.3); SIP.js 0.21 instead throws while sending its
 * automatic 100 Trying for such an INVITE and leaves the call half-made, so the SIP client's
 * receive path (src/sip/incoming-gate.ts) answers these itself before SIP.js sees them. Cheap on
 * ordinary messages: only INVITEs with a body are read.
 */
import { headerValues, parseHeaderSection } from './sip-headers';

// RFC 2045 §5.1 type "/" subtype, as RFC 3261 §20.15 media-type.
const MEDIA_TYPE = /^\s*[A-Za-z0-9!#$&.+^_`{|}~-]+\s*\/\s*[A-Za-z0-9!#$&.+^_`{|}~-]+\s*(;.*)?$/s;

/**
 * The same rule on a message already read: a non-empty `body` whose Content-Type (the one value the
 * gate lets through) is absent or not a media type. For the receive path, which has the parse.
 */
export function isUntypedBody(contentType: string | undefined, body: string): boolean {
  return body !== '' && (contentType === undefined || !MEDIA_TYPE.test(contentType));
}

export function isInviteWithUntypedBody(raw: string): boolean {
  if (!/^\s*INVITE\s/i.test(raw)) return false;
  const end = raw.search(/\r?\n\r?\n/);
  if (end < 0) return false;
  const body = raw.slice(end).replace(/^\r?\n\r?\n/, '');
  if (body === '') return false;
  const headers = parseHeaderSection(raw);
  if (!headers) return true;
  const types = headerValues(headers, 'content-type');
  return types.length !== 1 || !MEDIA_TYPE.test(types[0] ?? '');
}
