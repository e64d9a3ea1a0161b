/**
 * A WebSocket opened while a returning user types the password (issue 17): the sign-in form is up
 * with a remembered server, so the SIP connection to it can be opening meanwhile, and Sign in
 * sends its first REGISTER without waiting for the TCP, TLS and WebSocket handshakes.
 *
 * Nothing is sent on it before Sign in (RFC 7118 §5: it is only a WebSocket with the `sip`
 * subprotocol until a SIP message goes over it), and the client adopts it only when it is still
 * the plain connection it was made as:
 * - to exactly the server the first connection of the sign-in goes to (a changed server field, or
 *   any other server of a list, gets a connection of its own);
 * - still opening or open, with the `sip` subprotocol agreed if open (RFC 7118 §4.1);
 * - nothing received on it: before we said anything a SIP server has nothing to say, so a message
 *   means something else is talking on it;
 * - once: it is handed over (or thrown away) at the first request, and a reconnect never sees it.
 * Anything else closes it and the client connects as usual. No SIP.js here: the app opens it
 * before the SIP chunk is loaded.
 */

/** WebSocket.readyState values (the constants are not on every global where this is tested). */
const CONNECTING = 0;
const OPEN = 1;

/** What the client's transport asks for when it opens its first connection. */
export interface EarlySocketSource {
  /** The early socket, if it may carry the connection to `server`; else undefined (and it is closed). */
  take(server: string): WebSocket | undefined;
}

/** How long an unused early socket is kept open (a user who never signs in holds nothing for long). */
export const EARLY_SOCKET_MAX_AGE_MS = 60_000;

/** A `ws:`/`wss:` URL a WebSocket can be made for; anything else is not opened early. */
function isWebSocketUrl(server: string): boolean {
  try {
    const url = new URL(server);
    return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

interface Held {
  socket: WebSocket;
  server: string;
  spoiled: boolean;
  release(): void;
}

export class EarlySocket implements EarlySocketSource {
  #held: Held | undefined;

  constructor(
    /** `WebSocket` itself; a test passes a fake. */
    private readonly makeSocket: (server: string) => WebSocket = (server) => new WebSocket(server, 'sip'),
    private readonly maxAgeMs = EARLY_SOCKET_MAX_AGE_MS,
  ) {}

  /** Opens a socket to `server` (one at a time: a previous one to another server is closed). */
  open(server: string): void {
    if (this.#held?.server === server && !this.#held.spoiled) return;
    this.discard();
    if (!isWebSocketUrl(server)) return;
    let socket: WebSocket;
    try {
      socket = this.makeSocket(server);
    } catch {
      return; // Sign in connects as usual and reports what is wrong with the URL
    }
    const held: Held = {
      socket,
      server,
      spoiled: false,
      release: () => {
        clearTimeout(timer);
        socket.removeEventListener('message', spoil);
        socket.removeEventListener('close', spoil);
        socket.removeEventListener('error', spoil);
      },
    };
    const spoil = () => {
      held.spoiled = true;
      if (this.#held === held) this.discard();
    };
    // Unsolicited data, or the connection failed or closed: never adopted.
    socket.addEventListener('message', spoil);
    socket.addEventListener('close', spoil);
    socket.addEventListener('error', spoil);
    const timer = setTimeout(spoil, this.maxAgeMs);
    this.#held = held;
  }

  take(server: string): WebSocket | undefined {
    const held = this.#held;
    this.#held = undefined;
    if (!held) return undefined;
    held.release();
    const { socket } = held;
    const usable =
      !held.spoiled &&
      held.server === server &&
      (socket.readyState === CONNECTING || (socket.readyState === OPEN && socket.protocol === 'sip'));
    if (usable) return socket;
    closeQuietly(socket);
    return undefined;
  }

  /** Closes the early socket, if any (sign-in went elsewhere, the page is leaving, a test ends). */
  discard(): void {
    const held = this.#held;
    this.#held = undefined;
    if (!held) return;
    held.release();
    closeQuietly(held.socket);
  }
}

function closeQuietly(socket: WebSocket): void {
  try {
    socket.close(1000);
  } catch {
    // already closing
  }
}
