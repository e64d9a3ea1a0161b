/**
 * A final response to a request the phone refuses before any SIP stack has read it (an ambiguous
 * or unparsable message): RFC 3261 §8.2.6, built statelessly from the request's own Via, From,
 * To, Call-ID and CSeq so the caller (and the proxy's transaction) learns why instead of waiting
 * for a timeout. The request may be ambiguous, so it is read leniently (any line end, first
 * occurrence of each header); nothing from it is copied that could break the response's own
 * framing (control characters), and a request we cannot answer safely gives undefined.
 *
 * Pure; never throws.
 */
import { findUnsafeHeaderChar, stripControlChars } from './control-characters';
import { parseNameAddr } from './name-addr';
import { canonicalHeaderName } from './sip-headers';

export interface StatelessResponseOptions {
  /** 400, 415, 416, 488 ... */
  readonly status: number;
  /** Reason phrase; control characters are removed. */
  readonly reason: string;
  /** To tag added when the request's To has none (RFC 3261 §8.2.6.2). */
  readonly toTag: string;
  /** Extra header lines (`Name: value`), e.g. `Accept: application/sdp` for a 415. */
  readonly extraHeaders?: readonly string[];
}

const HEADER_LINE = /^([A-Za-z0-9.!%*_+`'~-]+)[ \t]*:[ \t]*(.*)$/s;
// The method token of a request line; a response starts with "SIP/".
const METHOD = /^([A-Za-z0-9.!%*_+`'~-]+)[ \t]/;
const TAG_SAFE = /^[A-Za-z0-9.!%*_+`'~-]+$/;

function safeValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // HTAB is linear whitespace (RFC 3261 §25.1), as good as a space where it may stand
  // (`SIP/2.0/WSS<TAB>host`); every other control character still makes the value unusable.
  const trimmed = value.replaceAll('\t', ' ').trim();
  return trimmed === '' || findUnsafeHeaderChar(trimmed) >= 0 ? undefined : trimmed;
}

/** Whether `raw` is a request that may be answered (not a response, not an ACK: RFC 3261 §17.2.1). */
export function isAnswerableRequest(raw: string): boolean {
  const start = raw.replace(/^[\r\n]+/, '');
  if (/^SIP\//i.test(start)) return false;
  const method = METHOD.exec(start)?.[1];
  return method !== undefined && method.toUpperCase() !== 'ACK';
}

/** The response text, or undefined when `raw` is not an answerable request with the headers needed. */
export function statelessResponse(raw: string, options: StatelessResponseOptions): string | undefined {
  try {
    if (typeof raw !== 'string' || !isAnswerableRequest(raw) || !TAG_SAFE.test(options.toTag))
      return undefined;
    const lines = raw.replace(/^[\r\n]+/, '').split(/\r\n|\r|\n/);
    const found: { name: string; value: string }[] = [];
    for (const line of lines.slice(1)) {
      if (line.trim() === '') break;
      const last = found[found.length - 1];
      if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
        last.value = `${last.value} ${line.trim()}`;
        continue;
      }
      const match = HEADER_LINE.exec(line);
      if (match) found.push({ name: canonicalHeaderName(match[1] ?? ''), value: match[2] ?? '' });
    }
    const first = (name: string) => safeValue(found.find((header) => header.name === name)?.value);
    const vias = found.filter((header) => header.name === 'via').map((header) => safeValue(header.value));
    const from = first('from');
    let to = first('to');
    const callId = first('call-id');
    const cseq = first('cseq');
    if (vias.length === 0 || vias.some((via) => via === undefined) || !from || !to || !callId || !cseq)
      return undefined;
    if (!parseNameAddr(to)?.params.some((param) => param.name === 'tag')) to = `${to};tag=${options.toTag}`;

    const status = Math.trunc(options.status);
    if (status < 300 || status > 699) return undefined;
    const reason = stripControlChars(options.reason).trim() || 'Bad Request';
    const extra = (options.extraHeaders ?? []).filter((header) => findUnsafeHeaderChar(header) < 0);
    return [
      `SIP/2.0 ${status} ${reason}`,
      ...vias.map((via) => `Via: ${via}`),
      `From: ${from}`,
      `To: ${to}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq}`,
      ...extra,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  } catch {
    return undefined;
  }
}
