/**
 * Which of the configured servers the next connection goes to. The list is walked in order, one
 * step after each lost or failed connection, wrapping around; a phone stays on the server it
 * registered with until that one is lost (it does not go back to the first by itself: the
 * servers share registrations, so any of them is as good as the first).
 */
export class ServerRotation {
  private index = 0;

  constructor(readonly servers: readonly string[]) {
    if (servers.length === 0) throw new Error('ServerRotation: no server');
  }

  /** The server the current (or next) connection uses. */
  get current(): string {
    return this.servers[this.index]!;
  }

  /** Moves on to the next server (the first after the last); returns it. */
  advance(): string {
    this.index = (this.index + 1) % this.servers.length;
    return this.current;
  }
}
