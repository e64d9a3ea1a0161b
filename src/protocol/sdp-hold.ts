/**
 * Whether an SDP offer from the far end puts us on hold (RFC 3264 §8.4): every audio stream it
 * offers is `sendonly` (they still send, e.g. music on hold) or `inactive`, or uses the old RFC 2543
 * convention of a connection address 0.0.0.0 (RFC 3264 §8.4 asks answerers to still understand it).
 *
 * The direction of a stream is its own attribute, else the session-level one, else `sendrecv`
 * (RFC 4566 §6, RFC 3264 §5.1). A level with two direction attributes, or streams that disagree,
 * has no single reading: undefined, and the caller keeps what it knew. Pure; never throws.
 */

export type RemoteHold = 'held' | 'active';

const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);
/** Far more than any real offer; a longer text is not looked at. */
const MAX_SDP_CHARS = 64 * 1024;

interface Level {
  directions: string[];
  /** Whether this level's c= line is the null address; undefined without a c= line. */
  nullAddress?: boolean;
}

function emptyLevel(): Level {
  return { directions: [] };
}

/** The hold state an offer asks for, or undefined when it has no audio or cannot be read one way. */
export function remoteHoldFromOffer(sdp: unknown): RemoteHold | undefined {
  if (typeof sdp !== 'string' || sdp.length > MAX_SDP_CHARS) return undefined;
  const session = emptyLevel();
  const audio: Level[] = [];
  let current: Level | undefined = session;
  for (const raw of sdp.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('m=')) {
      // m=<media> <port> <proto> ...: a port of 0 is a rejected or disabled stream (RFC 3264 §6).
      const [media, port] = line.slice(2).split(' ');
      current = media === 'audio' && port !== undefined && !/^0(\/|$)/.test(port) ? emptyLevel() : undefined;
      if (current) audio.push(current);
      continue;
    }
    if (!current) continue;
    if (line.startsWith('a=')) {
      const name = line.slice(2).trim();
      if (DIRECTIONS.has(name)) current.directions.push(name);
    } else if (line.startsWith('c=')) {
      current.nullAddress = /^c=IN IP4 0\.0\.0\.0(\/|$)/.test(line.trim());
    }
  }
  if (audio.length === 0 || session.directions.length > 1) return undefined;
  const states = new Set<RemoteHold | undefined>();
  for (const stream of audio) {
    if (stream.directions.length > 1) return undefined;
    const direction = stream.directions[0] ?? session.directions[0] ?? 'sendrecv';
    // A stream's own c= line replaces the session's (RFC 4566 §5.7).
    const nullAddress = stream.nullAddress ?? session.nullAddress ?? false;
    states.add(nullAddress || direction === 'sendonly' || direction === 'inactive' ? 'held' : 'active');
  }
  return states.size === 1 ? [...states][0] : undefined;
}
