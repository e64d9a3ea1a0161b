/**
 * MS-EUMR 3.1.5.5 test aid: a UM server that cannot take multipart MIME INVITE bodies answers
 * 415, and the proxy must then stop trying the dial plan's other UM servers and pass the 415 back
 * (the caller may retry with a plain SDP body). startUmServer's `rejectMultipartBodies` uses this.
 */

/** Is this Content-Type header value a multipart MIME type (RFC 2046 section 5)? */
export function isMultipartContentType(contentType: string | undefined): boolean {
  return /^\s*multipart\/[A-Za-z0-9!#$&^_.+-]+\s*(;|$)/i.test(contentType ?? '');
}

/** Header lines of the 415: what the server does take (RFC 3261 21.4.13). */
export const MULTIPART_REJECT_HEADERS: readonly string[] = ['Accept: application/sdp'];
