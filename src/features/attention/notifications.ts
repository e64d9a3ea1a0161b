/**
 * Desktop notifications for calls that ring while the tab is hidden.
 *
 * Plain `new Notification()` can't carry Answer/Decline buttons: notification actions exist only
 * for notifications shown by a Service Worker, and a Service Worker is a second script to serve,
 * version and allow in the host's CSP — too much for an embeddable widget. So a click on the
 * notification brings the phone's tab to the front with Answer focused: one more key (Enter, or
 * Alt+Shift+A) answers, Alt+Shift+D declines.
 */
import type { CallInfo } from '../../store';
import type { Catalogue } from '../../i18n';
import { displaySafeText } from '../../protocol';
import { peerDisplay, priorityText } from '../labels';

export interface CallNotificationContent {
  title: string;
  body: string;
  /** One notification per call: a re-show replaces it instead of stacking. */
  tag: string;
  /** Stays until the call stops ringing (we close it), like a ringing phone. */
  requireInteraction: boolean;
}

/**
 * Caller, Subject, urgency and the Play-On-Phone label, in words. Remote text stays plain text,
 * without bidi controls or line breaks of its own (displaySafeText): the system shows a
 * notification outside the page, where nothing isolates it.
 */
export function callNotification(call: CallInfo, t: Catalogue): CallNotificationContent {
  const who = displaySafeText(peerDisplay(call, t).name);
  const title =
    call.purpose === 'play-on-phone'
      ? t.notification.playback
      : (call.urgent ? t.notification.urgent : t.notification.incoming)(who);
  const priority = call.urgent ? undefined : priorityText(call, t);
  const lines = [
    call.subject?.trim() ? t.notification.subject(call.subject.trim()) : undefined,
    priority && call.priority !== 'normal' ? `${t.call.priority}: ${priority}` : undefined,
    call.purpose === 'play-on-phone' ? peerDisplay(call, t).address : undefined,
    t.notification.clickToAnswer,
  ].map((line) => line && displaySafeText(line));
  return {
    title,
    body: lines.filter(Boolean).join('\n'),
    tag: `um-phone-call-${call.id}`,
    requireInteraction: true,
  };
}

type NotificationCtor = typeof Notification;

function notificationApi(): NotificationCtor | undefined {
  return (globalThis as { Notification?: NotificationCtor }).Notification;
}

/** Asks once (permission still "default"); call it from a user gesture such as the Sign in click. */
export function requestNotificationPermission(): void {
  const api = notificationApi();
  if (!api || api.permission !== 'default') return;
  try {
    void Promise.resolve(api.requestPermission()).catch(() => undefined);
  } catch {
    // Old Safari's callback form, or blocked in a sandboxed frame: no notifications, no error.
  }
}

/** Shows a notification if allowed; returns a function that closes it (or undefined if none shown). */
export function showNotification(
  content: CallNotificationContent,
  onClick: () => void,
): (() => void) | undefined {
  const api = notificationApi();
  if (!api || api.permission !== 'granted') return undefined;
  try {
    const n = new api(content.title, {
      body: content.body,
      tag: content.tag,
      requireInteraction: content.requireInteraction,
    });
    n.onclick = () => {
      onClick();
      n.close();
    };
    return () => n.close();
  } catch {
    // Chrome on Android throws for `new Notification` (Service Worker only): go without.
    return undefined;
  }
}
