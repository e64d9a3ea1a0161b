/**
 * Every BYE the phone sends, kept until the far end's answer comes back, and those that wait for
 * a connection to carry them (a hang-up while disconnected: calls/call-recovery.ts).
 *
 * A connection can die without a word (a network gone without a FIN, a frozen proxy): the phone
 * believes it is connected until its keep-alive gives up, 2–4.5 s later (connection/
 * crlf-watchdog.ts). A hang-up in that window sends its BYE into the void; SIP.js ends the call
 * for us at once and never says BYE again, so the far end would sit in a silent call until its
 * own timers end it. Here a BYE that has no final answer when its connection is lost, or that
 * SIP.js could not hand to the connection at all (its own 503, no Call-ID: RFC 3261 §8.1.3.1),
 * goes again in the same dialog (the next CSeq) once the phone is registered on a new connection,
 * or at sign-out on what is left (RFC 3261 §15.1.1: the dialog stands until a BYE is sent). If
 * the first one did arrive after all, the second costs a 481. A BYE the far end answered, or one
 * that timed out on a live connection (SIP.js's 408 after 32 s), is done with.
 *
 * SIP.js disposes of a session's dialog when it sends the BYE; the dialog object still holds the
 * dialog's state (Call-ID, tags, route set, remote target, CSeq), and its `bye()` builds the next
 * BYE from that (pinned by src/sip/two-party/failover.test.ts).
 */
import { SessionState, type Core, type Session } from 'sip.js';
import { failRequestOnLostConnection } from '../sipjs-internals';

export class Goodbyes {
  /** Sent on the connection in use, not answered yet: the dialog each ends. */
  private readonly unanswered = new Map<Core.OutgoingByeRequest, Core.Session>();
  /** Lost with a connection (or never handed to one): said again on the next registration. */
  private readonly again = new Set<Core.Session>();
  /** Hung up while there was no connection: their first BYE waits for one. */
  private readonly waiting = new Set<Session>();

  /** BYEs waiting for a connection: first ones and lost ones. */
  get pending(): number {
    return this.waiting.size + this.again.size;
  }

  /**
   * `session` ended on our side while there is no connection (a hang-up, or the recovery bound):
   * a BYE handed to SIP.js now would die on the missing connection, so it waits for the next
   * registration, however long the phone stays offline.
   */
  later(session: Session): void {
    this.waiting.add(session);
  }

  /** Says BYE on an established `session`, and keeps it until it is answered. */
  say(session: Session): void {
    const dialog = session.dialog;
    const watch = this.watch(dialog);
    session.bye({ requestDelegate: watch.delegate }).then(watch.sent, () => undefined);
  }

  /**
   * The connection is gone: what it still carried unanswered can never be answered on it. Each
   * one's transaction ends now (not in 32 s) with SIP.js's own 503, which its delegate (watch,
   * below) counts as a BYE that never left: it goes again on the next connection.
   */
  connectionLost(): void {
    for (const request of [...this.unanswered.keys()]) failRequestOnLostConnection(request);
  }

  /** Registered on a new connection: the waiting and the lost BYEs go out on it. */
  reconnected(): void {
    for (const session of [...this.waiting]) {
      this.waiting.delete(session);
      // The far end may have ended the dialog meanwhile (its BYE reached us): nothing to say.
      if (session.state === SessionState.Established) this.say(session);
    }
    for (const dialog of [...this.again]) this.sayAgain(dialog);
  }

  /** Sign-out: the lost BYEs try what is left (the sign-out's own goodbyes go the same way). */
  dispose(): void {
    this.reconnected();
  }

  private sayAgain(dialog: Core.Session): void {
    this.again.delete(dialog);
    const watch = this.watch(dialog);
    try {
      watch.sent(dialog.bye(watch.delegate));
    } catch {
      // The dialog cannot say BYE any more (SIP.js refused to build one): nothing left to end.
    }
  }

  /** The delegate for one BYE in `dialog`, and what to call with the request once it is sent. */
  private watch(dialog: Core.Session | undefined) {
    let request: Core.OutgoingByeRequest | undefined;
    let done = false;
    const finished = (retry: boolean) => {
      done = true;
      if (request) this.unanswered.delete(request);
      if (retry && dialog) this.again.add(dialog);
    };
    const delegate: Core.OutgoingRequestDelegate = {
      onAccept: () => finished(false),
      // SIP.js's own 503 when it could not send (no Call-ID: made up, not received): the BYE
      // never left, so it goes again; an answer from the network (481 included) or SIP.js's 408
      // after a timeout on a live connection ends it here.
      onReject: ({ message }) => finished(!message.callId && message.statusCode === 503),
    };
    const sent = (r: Core.OutgoingByeRequest) => {
      request = r;
      if (!done && dialog) this.unanswered.set(r, dialog);
    };
    return { delegate, sent };
  }
}
