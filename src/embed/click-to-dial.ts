import { CALL_PRIORITIES } from '../protocol';
import type { UmPhoneCallOptions, UmPhoneDialer, UmPhonePriority } from './um-phone-api';

export interface DialLink {
  target: string;
  options: UmPhoneCallOptions;
}

/**
 * A `sip:`/`sips:`/`tel:` link → what to dial. URI headers (`sip:bob@x?subject=Hi`, RFC 3261 §19.1.1)
 * are never passed on as headers: only `subject` and `priority` are read, as call options, and they
 * go through the same checks as typed ones. Anything else returns undefined (not a phone link).
 */
export function dialLinkFromHref(href: string): DialLink | undefined {
  const m = /^\s*(sips?|tel):([^?#]*)(?:\?([^#]*))?/i.exec(href);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  let address = decode(m[2]!);
  if (address === undefined) return undefined;
  // tel: parameters (RFC 3966 §3, e.g. ;phone-context) are not part of the number.
  if (scheme === 'tel') address = address.split(';')[0]!;
  address = address.trim();
  // Anything else odd in the address is for the phone to refuse, visibly (an `error` event).
  if (address === '') return undefined;
  const options: UmPhoneCallOptions = {};
  for (const pair of (m[3] ?? '').split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).toLowerCase();
    const value = decode(pair.slice(eq + 1).replace(/\+/g, ' '));
    if (value === undefined) continue;
    if (name === 'subject') options.subject = value;
    if (name === 'priority' && isPriority(value.toLowerCase()))
      options.priority = value.toLowerCase() as UmPhonePriority;
  }
  return { target: scheme === 'tel' ? `tel:${address}` : `${scheme}:${address}`, options };
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function isPriority(value: string): value is UmPhonePriority {
  return (CALL_PRIORITIES as readonly string[]).includes(value);
}

/** A link's own `data-subject` / `data-priority` win over the URI's. */
export function dialLinkFor(anchor: Element): DialLink | undefined {
  const link = dialLinkFromHref(anchor.getAttribute('href') ?? '');
  if (!link) return undefined;
  const subject = anchor.getAttribute('data-subject');
  const priority = anchor.getAttribute('data-priority')?.trim().toLowerCase();
  if (subject !== null) link.options.subject = subject;
  if (priority && isPriority(priority)) link.options.priority = priority;
  return link;
}

/**
 * Turns clicks on `sip:`, `sips:` and `tel:` links inside `root` into calls on `phone`, with the
 * link's `data-subject` and `data-priority`. One listener on `root`, so links added later work too.
 * A click with a modifier key is left to the browser (open with another app). Returns `disable`.
 */
export function enableClickToDial(root: Document | Element | ShadowRoot, phone: UmPhoneDialer): () => void {
  const onClick = (event: Event) => {
    if (!(event instanceof MouseEvent) || event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const anchor = event
      .composedPath()
      .find((n): n is Element => n instanceof Element && n.localName === 'a' && n.hasAttribute('href'));
    if (!anchor) return;
    const link = dialLinkFor(anchor);
    if (!link) return;
    event.preventDefault();
    try {
      phone.call(link.target, link.options);
    } catch (e) {
      console.warn('um-phone click-to-dial:', e);
    }
  };
  root.addEventListener('click', onClick);
  return () => root.removeEventListener('click', onClick);
}
