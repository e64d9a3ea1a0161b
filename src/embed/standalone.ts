import type { PhoneStore } from '../store';
import { subjectProblem } from '../features/dialer/subject-check';
import { dialLinkFromHref, type DialLink } from './click-to-dial';
import { historyOnlyStorage } from './embed-storage';
import { resolveAllowedOrigins } from './iframe-protocol';
import { parentOriginHint, startIframeBridge } from './iframe-bridge';

/**
 * What the standalone app (the SPA) does for embedding: `?call=` dialing, the `sip:` protocol
 * handler, and iframe mode. Kept here so main.tsx stays a few lines of wiring.
 */

/** `?call=sip:bob@x` (what the protocol handler opens, or a plain link) → the call to place. */
export function launchCall(search: string): DialLink | undefined {
  const params = new URLSearchParams(search);
  const call = params.get('call')?.trim();
  if (!call) return undefined;
  const link = dialLinkFromHref(call) ?? { target: call, options: {} };
  const subject = params.get('subject');
  if (subject !== null) link.options.subject = subject;
  return link;
}

/**
 * Dials `?call=` once the phone is registered (the user signs in first: the password is never
 * remembered). The parameter leaves the address bar at once, so a reload doesn't call again.
 */
export function dialFromLaunchUrl(store: PhoneStore, loc: Location, history: History): void {
  const link = launchCall(loc.search);
  if (!link) return;
  const url = new URL(loc.href);
  for (const name of ['call', 'subject']) url.searchParams.delete(name);
  history.replaceState(history.state, '', url);
  // A Subject that cannot be sent as it is (a line break, too long) is never cut or cleaned: the
  // call waits in the dialer, target kept, and the user decides (call without it, or edit it).
  const dial = () =>
    subjectProblem(link.options.subject)
      ? store.getState().actions.proposeDial(link.target, link.options)
      : store.getState().actions.call(link.target, link.options);
  if (store.getState().registration === 'registered') return dial();
  const unsubscribe = store.subscribe((s) => {
    if (s.registration !== 'registered') return;
    unsubscribe();
    dial();
  });
}

/**
 * Offers this app as the browser's handler for `sip:` links (`sip` is on the HTML standard's safe
 * list), opening `?call=<the link>`. Asked once the user has signed in, where the browser allows it.
 */
export function offerSipHandler(store: PhoneStore, loc: Location, nav: Navigator): void {
  if (typeof nav.registerProtocolHandler !== 'function') return;
  const unsubscribe = store.subscribe((s) => {
    if (s.registration !== 'registered') return;
    unsubscribe();
    try {
      nav.registerProtocolHandler('sip', `${loc.origin}${loc.pathname}?call=%s`);
    } catch {
      // Not allowed here (insecure context, a sandboxed frame, a policy): links just won't open us.
    }
  });
}

/** Whether this page is the phone framed by another (`?embed=iframe`, and a parent window). */
export function inIframeMode(win: Window): boolean {
  return new URLSearchParams(win.location.search).get('embed') === 'iframe' && win.parent !== win;
}

/**
 * The storage a framed phone's store gets: its call history, and no settings. Its settings are
 * what the framing page's `signIn` passes, as an element's are its attributes; remembered, they
 * would become the standalone app's (same origin, and the same storage wherever the framing page
 * is on the same site): a framing page could then point the app's next sign-in at its own
 * voicemail API or server. The same choice as the element's (embed-storage.ts).
 */
export function framedPhoneStorage(win: Window, storage: Storage | undefined): Storage | undefined {
  return inIframeMode(win) ? historyOnlyStorage(storage) : storage;
}

/**
 * `?embed=iframe&allowedOrigins=https://portal.example.com`: the embed API over postMessage for
 * the page that frames this one. Returns true when iframe mode is on.
 */
export function startIframeModeIfAsked(store: PhoneStore, win: Window, configuredOrigins?: string): boolean {
  if (!inIframeMode(win)) return false;
  const params = new URLSearchParams(win.location.search);
  const allowedOrigins = resolveAllowedOrigins(params.get('allowedOrigins'), configuredOrigins);
  if (allowedOrigins.length === 0)
    console.warn('um-phone: iframe mode without allowedOrigins: every message will be ignored');
  startIframeBridge({
    store,
    allowedOrigins,
    self: win,
    parent: win.parent,
    parentOriginHint: parentOriginHint(win.location, win.document.referrer),
  });
  return true;
}
