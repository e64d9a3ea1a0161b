/** What is wrong with a dial target: nothing typed, not one URI, or a number without digits. */
export class DialTargetError extends Error {
  constructor(
    readonly problem: 'empty' | 'invalid' | 'no-digits',
    readonly input: string,
  ) {
    super(`Not a dial target (${problem})`);
    this.name = 'DialTargetError';
  }
}

/**
 * Turns what a person types into a SIP URI: `bob` → `sip:bob@<own domain>`,
 * `bob@example.com` → `sip:bob@example.com`, `sip:`/`sips:` URIs pass through,
 * a phone number keeps only dialable characters. Throws on anything that can't be a target.
 */
export function resolveDialTarget(input: string, ownAor: string): string {
  const text = input.trim();
  if (text === '') throw new DialTargetError('empty', input);
  // A written phone number may contain spaces; it is reduced to its digits below.
  if (/^(tel:)?[+0-9() .-]+$/i.test(text))
    return `sip:${digitsOnly(text.replace(/^tel:/i, ''))}@${domainOf(ownAor)}`;
  // A target is one URI: no whitespace, brackets or control characters may smuggle extra syntax,
  // and no `?`: what follows it in a SIP URI are headers (RFC 3261 §19.1.1), which are not allowed
  // in a Request-URI (§19.1.1 Table 1) and which a proxy or a transferee may turn into real headers
  // of a request (§19.1.5). Nobody who dials adds a header that way; Subject and Priority are call
  // options, checked on their own (outgoing-call-headers.ts).
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\s<>"?\u0000-\u001f\u007f]/.test(text)) throw new DialTargetError('invalid', input);
  if (/^sips?:/i.test(text)) return text;
  if (text.includes('@')) return `sip:${text}`;
  return `sip:${text}@${domainOf(ownAor)}`;
}

function digitsOnly(s: string): string {
  const d = s.replace(/[^0-9+*#]/g, '');
  if (d === '') throw new DialTargetError('no-digits', s);
  return d;
}

function domainOf(aor: string): string {
  const at = aor.lastIndexOf('@');
  const rest = at >= 0 ? aor.slice(at + 1) : aor.replace(/^sips?:/i, '');
  return rest.split(/[;>?]/)[0] ?? rest;
}
