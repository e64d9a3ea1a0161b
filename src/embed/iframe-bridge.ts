import type { PhoneStore } from '../store';
import { configFromAttributes, CONFIG_ATTRIBUTES, type ConfigAttributes } from './element-config';
import { createPhoneCommands } from './phone-commands';
import { publicCalls, watchPhoneEvents } from './phone-events';
import { isFrameRequest, type FrameEvent, type FrameReply, type FrameRequest } from './iframe-protocol';

export interface IframeBridgeOptions {
  store: PhoneStore;
  /** Origins whose messages are obeyed; see resolveAllowedOrigins. */
  allowedOrigins: readonly string[];
  /** Where messages arrive (this frame's window). */
  self: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  /** The embedding page: the only window that may drive the phone and the only one told its events. */
  parent: Pick<Window, 'postMessage'>;
  /** The parent's origin if the browser tells it up front (location.ancestorOrigins, referrer). */
  parentOriginHint?: string;
  warn?: (message: string) => void;
}

/**
 * The embed API over postMessage, for a UM Phone page loaded in an iframe. Requests are obeyed only
 * from the parent window at an allowed origin; anything else is ignored and logged. Events are
 * posted to the parent at the origin it was seen at, never to `*`.
 */
export function startIframeBridge(options: IframeBridgeOptions): () => void {
  const { store, allowedOrigins, self, parent } = options;
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const commands = createPhoneCommands(store);
  let parentOrigin =
    options.parentOriginHint && allowedOrigins.includes(options.parentOriginHint)
      ? options.parentOriginHint
      : undefined;

  // One per page load: the host announces 'ready' once per document, however often it is said.
  const instance = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const post = (message: FrameEvent | FrameReply) => {
    if (parentOrigin) parent.postMessage(message, parentOrigin);
  };

  const perform = async (request: FrameRequest): Promise<unknown> => {
    const [a, b] = request.args;
    switch (request.method) {
      case 'hello':
        post({ umPhone: 1, event: 'ready', instance });
        return undefined;
      case 'getState': {
        const s = store.getState();
        return { registration: s.registration, presence: s.presence, calls: publicCalls(s.calls) };
      }
      case 'signIn':
        return signIn(a, b);
      case 'signOut':
        return commands.signOut();
      case 'call':
        return commands.call(a as string, (b ?? {}) as object);
      case 'callVoicemail':
        return commands.callVoicemail();
      case 'answer':
        return commands.answer(a as string | undefined);
      case 'decline':
        return commands.decline(a as string | undefined);
      case 'hangup':
        return commands.hangup(a as string | undefined);
      case 'setPresence':
        return commands.setPresence(a as never);
    }
  };

  const signIn = (config: unknown, credentials: unknown) => {
    if (typeof config !== 'object' || config === null) throw new TypeError('signIn(config, credentials)');
    const attrs: ConfigAttributes = {};
    for (const name of CONFIG_ATTRIBUTES) {
      const v = (config as Record<string, unknown>)[name];
      if (typeof v === 'string') attrs[name] = v;
    }
    const { settings, complete, errors } = configFromAttributes(attrs);
    if (!complete) throw new Error(errors.join(' ') || 'signIn needs server and aor.');
    const c = (credentials ?? {}) as { user?: unknown; password?: unknown };
    if (typeof c.password !== 'string') throw new TypeError('credentials.password must be a string.');
    const user = typeof c.user === 'string' && c.user.trim() !== '' ? c.user.trim() : settings.authUser;
    store.getState().actions.signIn({ ...settings, authUser: user }, c.password);
  };

  const onMessage = (event: MessageEvent) => {
    if (event.source !== parent || !allowedOrigins.includes(event.origin)) {
      const from = event.source === parent ? 'the embedding page' : 'another window';
      warn(
        `um-phone: ignored a message from ${event.origin} (${from}); allowed: ${allowedOrigins.join(', ') || 'none'}`,
      );
      return;
    }
    if (!isFrameRequest(event.data)) return;
    const request = event.data;
    parentOrigin = event.origin;
    perform(request).then(
      (result) => post({ umPhone: 1, id: request.id, ok: true, result }),
      (e: unknown) =>
        post({ umPhone: 1, id: request.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
    );
  };

  self.addEventListener('message', onMessage);
  const unwatch = watchPhoneEvents(store, (e) => post({ umPhone: 1, event: e.type, detail: e.detail }));
  post({ umPhone: 1, event: 'ready', instance });
  return () => {
    self.removeEventListener('message', onMessage);
    unwatch();
  };
}

/** The embedding page's origin as far as the browser tells a frame before any message. */
export function parentOriginHint(loc: Location, referrer: string): string | undefined {
  const ancestor = loc.ancestorOrigins?.[0];
  if (ancestor) return ancestor;
  try {
    return referrer ? new URL(referrer).origin : undefined;
  } catch {
    return undefined;
  }
}
