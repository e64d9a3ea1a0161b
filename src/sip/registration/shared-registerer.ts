/**
 * The one Registerer of a sign-in, kept across connections and servers: every REGISTER carries its
 * Call-ID and a rising CSeq, so a registrar (or a replica that learned the binding from another
 * node) updates the binding in place instead of adding a second contact (RFC 3261 §10.2.4, §10.3
 * step 7). Each connection's Registration attaches itself; only the attached one hears outcomes.
 */
import { type Core, type RegistererOptions, type RegistererState, type UserAgent } from 'sip.js';
import { failRequestOnLostConnection } from '../sipjs-internals';
import { ObservedRegisterer } from './observed-registerer';

export interface RegistererListener {
  finalResponse(response: Core.IncomingResponse): void;
  pendingChange(pending: boolean): void;
  stateChange(state: RegistererState): void;
}

export class SharedRegisterer {
  readonly registerer: ObservedRegisterer;
  private listener?: RegistererListener;

  constructor(ua: UserAgent, options: RegistererOptions) {
    this.registerer = new ObservedRegisterer(ua, options, (response) =>
      this.listener?.finalResponse(response),
    );
    this.registerer.onPendingChange((pending) => this.listener?.pendingChange(pending));
    this.registerer.stateChange.addListener((state) => this.listener?.stateChange(state));
  }

  /** From now on only `listener` hears what becomes of each REGISTER. */
  attach(listener: RegistererListener): void {
    this.listener = listener;
  }

  register(): Promise<Core.OutgoingRegisterRequest> {
    return this.registerer.register();
  }

  /**
   * The connection that carried the outstanding REGISTER is gone: it will never be answered, so it
   * ends now (as a transport error) and the next connection may register at once.
   */
  failPending(): void {
    const request = this.registerer.lastRequest;
    if (request && this.registerer.pending) failRequestOnLostConnection(request);
  }
}
