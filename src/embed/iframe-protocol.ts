/**
 * The messages between a host page and UM Phone in an iframe (`?embed=iframe`). Every message is a
 * plain object tagged `umPhone: 1`, so other scripts' messages on the same window are told apart.
 *
 * host → frame   { umPhone: 1, id, method, args }     a call of the embed API (or 'hello')
 * frame → host   { umPhone: 1, id, ok, result|error } its outcome
 * frame → host   { umPhone: 1, event, detail }        an event ('ready' and the element's events)
 */
export const FRAME_METHODS = [
  'hello',
  'getState',
  'signIn',
  'signOut',
  'call',
  'callVoicemail',
  'answer',
  'decline',
  'hangup',
  'setPresence',
] as const;

export type FrameMethod = (typeof FRAME_METHODS)[number];

export interface FrameRequest {
  umPhone: 1;
  id: number;
  method: FrameMethod;
  args: unknown[];
}

export type FrameReply =
  | { umPhone: 1; id: number; ok: true; result?: unknown }
  | { umPhone: 1; id: number; ok: false; error: string };

export interface FrameEvent {
  umPhone: 1;
  event: string;
  detail?: unknown;
  /**
   * 'ready' only: which document of the frame says it (random per page load). The frame says it
   * at start and again in answer to 'hello'; the host side tells the repeat from a reload by this.
   */
  instance?: string;
}

export function isFrameRequest(data: unknown): data is FrameRequest {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  return (
    m.umPhone === 1 &&
    typeof m.id === 'number' &&
    typeof m.method === 'string' &&
    (FRAME_METHODS as readonly string[]).includes(m.method) &&
    Array.isArray(m.args)
  );
}

export function isFrameMessage(data: unknown): data is FrameReply | FrameEvent {
  return typeof data === 'object' && data !== null && (data as { umPhone?: unknown }).umPhone === 1;
}

/**
 * The origins allowed to drive the framed phone. `requested` is the page's `allowedOrigins` query
 * parameter; `configured` is the deployment's list (`VITE_EMBED_ALLOWED_ORIGINS` at build time).
 * A framing page writes its own URL, so when the deployment sets a list the query can only narrow
 * it. `*` and opaque origins are never allowed: a phone must know who drives it.
 */
export function resolveAllowedOrigins(requested: string | null | undefined, configured?: string): string[] {
  const parse = (text: string | null | undefined) =>
    (text ?? '')
      .split(/[\s,]+/)
      .map(originOf)
      .filter((o): o is string => o !== undefined);
  const asked = parse(requested);
  const ceiling = parse(configured);
  if (ceiling.length === 0) return [...new Set(asked)];
  if (asked.length === 0) return [...new Set(ceiling)];
  return [...new Set(asked.filter((o) => ceiling.includes(o)))];
}

function originOf(text: string): string | undefined {
  if (text === '' || text === '*') return undefined;
  try {
    const origin = new URL(text).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}
