import type { CallInfo } from '../../store';
import type { Catalogue } from '../../i18n';
import { displaySafeText } from '../../protocol';
import { formatDuration } from '../../ui/format';
import { isRingingIncoming, peerDisplay } from '../labels';
import { isHeldHere, shortName } from '../calls/call-labels';

export type FaviconBadge = 'idle' | 'ringing' | 'in-call';

/** The static icon files in public/ (no inline data: URL, so a strict CSP needs nothing extra). */
export const FAVICON_FILES: Readonly<Record<FaviconBadge, string>> = {
  idle: 'favicon.svg',
  ringing: 'favicon-ringing.svg',
  'in-call': 'favicon-in-call.svg',
};

/**
 * What the tab says: a ringing call first (it needs the user), then the active call with its
 * running time, or who holds it ("On hold (Bob)", RFC 3264 §8.4), then a call on hold here, else
 * just the app name. A name in it is remote text: without bidi controls or line breaks
 * (displaySafeText), as the browser shows the title outside the page.
 */
export function documentTitle(calls: readonly CallInfo[], t: Catalogue, now: number): string {
  const name = (call: CallInfo) => displaySafeText(peerDisplay(call, t).name);
  const ringing = calls.find(isRingingIncoming);
  if (ringing) {
    return t.title.ringing(ringing.purpose === 'play-on-phone' ? t.purpose.playback : name(ringing));
  }
  const live =
    calls.find((c) => c.state === 'connected' && !isHeldHere(c)) ??
    calls.find((c) => isHeldHere(c) && c.connectedAt !== undefined);
  if (live) {
    if (live.remoteHeld && !isHeldHere(live)) return t.title.heldBy(displaySafeText(shortName(live, t)));
    const time = formatDuration(now - (live.connectedAt ?? now));
    return isHeldHere(live) ? t.title.onHold(time) : t.title.inCall(time);
  }
  const calling = calls.find((c) => c.state === 'calling');
  if (calling) return t.title.calling(name(calling));
  return t.title.idle;
}

export function faviconBadge(calls: readonly CallInfo[]): FaviconBadge {
  if (calls.some(isRingingIncoming)) return 'ringing';
  if (calls.some((c) => c.state === 'connected' || c.state === 'held' || c.state === 'calling'))
    return 'in-call';
  return 'idle';
}
