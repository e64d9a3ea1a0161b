/**
 * What the browser tells a signed-in phone: the network went away or came back, the user came
 * back to the page, the page is going away, the page came back from the back/forward cache. The
 * store listens and tells the SIP client what to do, so src/sip never touches `window` or
 * `document` (and runs unchanged in unit tests).
 */
export interface BrowserSignalHandlers {
  /** `online`: the network may be back. */
  online(): void;
  /** `offline`: the network is gone. */
  offline(): void;
  /** `visibilitychange` to visible: the user came back to the page. */
  visible(): void;
  /** `pagehide`: the page is being closed, reloaded or navigated away from. */
  pagehide(): void;
  /**
   * `pageshow` with `persisted`: the page came back from the back/forward cache, frozen since its
   * pagehide (which signed out). Not the first load's pageshow.
   */
  restored(): void;
}

/** Starts listening; returns the function that stops. */
export type BrowserSignals = (handlers: BrowserSignalHandlers) => () => void;

/** The real browser's signals; nothing outside a browser. */
export const windowSignals: BrowserSignals = (handlers) => {
  if (typeof window === 'undefined' || typeof document === 'undefined') return () => undefined;
  const online = () => handlers.online();
  const offline = () => handlers.offline();
  const visibility = () => {
    if (document.visibilityState === 'visible') handlers.visible();
  };
  const pagehide = () => handlers.pagehide();
  const pageshow = (event: PageTransitionEvent) => {
    if (event.persisted) handlers.restored();
  };
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);
  document.addEventListener('visibilitychange', visibility);
  window.addEventListener('pagehide', pagehide);
  window.addEventListener('pageshow', pageshow);
  return () => {
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
    document.removeEventListener('visibilitychange', visibility);
    window.removeEventListener('pagehide', pagehide);
    window.removeEventListener('pageshow', pageshow);
  };
};
