/**
 * The Server URL setting holds one WebSocket URL or several (a cluster of proxies that share
 * registrations): separated by spaces, commas or new lines, tried in the order given. The setting
 * stays one string (stored, passed by the embed API and the `server` attribute as typed); this is
 * its one reading.
 */

/** `"wss://a:7443, wss://b:7443"` → `["wss://a:7443", "wss://b:7443"]`; duplicates dropped. */
export function parseServerList(text: string): string[] {
  if (typeof text !== 'string') return [];
  const seen = new Set<string>();
  for (const part of text.split(/[\s,]+/)) if (part !== '') seen.add(part);
  return [...seen];
}

/** At most this many servers: a longer list is refused (a walk through it would take minutes). */
export const MAX_SERVERS = 8;
