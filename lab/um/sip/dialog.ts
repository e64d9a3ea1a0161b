/**
 * A SIP dialog (RFC 3261 12): the state both ends keep for an INVITE
 * session and what an in-dialog request is built from.
 */
import { newBranch, serialize, type SipRequest } from './message';

export type DialogEnd = 'local-bye' | 'remote-bye' | 'no-ack' | 'transport';

export interface DialogInit {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** Our From/To header value including our tag. */
  localHeader: string;
  /** The peer's From/To header value including its tag. */
  remoteHeader: string;
  localSeq: number;
  remoteSeq: number;
  /** The peer's Contact URI (12.1.1 / 12.1.2). */
  remoteTarget: string;
  /** Route set, in the order Route headers are to be sent. */
  routeSet: string[];
  /** Whether we sent the INVITE. */
  isUac: boolean;
}

export interface DialogHost {
  /** Via header value for a new request, with the given branch. */
  via(branch: string): string;
  /** Sends an in-dialog request; resolves with the final response status (0: no response). */
  sendRequest(data: Buffer, branch: string, method: string): Promise<number>;
  forget(dialog: Dialog): void;
}

/** The final response to an in-dialog INFO, when not 200 OK (e.g. 400 for an invalid body). */
export interface InfoAnswer {
  status: number;
  reason: string;
  headers?: string[];
}

export class Dialog {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly localHeader: string;
  readonly remoteHeader: string;
  readonly remoteTarget: string;
  readonly routeSet: readonly string[];
  readonly isUac: boolean;
  localSeq: number;
  remoteSeq: number;
  private endReason: DialogEnd | undefined;
  private readonly endListeners: Array<(why: DialogEnd) => void> = [];
  /**
   * In-dialog INFO requests (SIP INFO DTMF, e.g. application/dtmf-relay; MS-EUMR user
   * notifications). Answered 200 unless the handler returns another final response.
   */
  onInfo: ((request: SipRequest) => void | InfoAnswer) | undefined;

  constructor(
    init: DialogInit,
    private readonly host: DialogHost,
  ) {
    this.callId = init.callId;
    this.localTag = init.localTag;
    this.remoteTag = init.remoteTag;
    this.localHeader = init.localHeader;
    this.remoteHeader = init.remoteHeader;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.isUac = init.isUac;
  }

  get ended(): DialogEnd | undefined {
    return this.endReason;
  }

  /** Calls `listener` once when the dialog ends (at once if it already has). */
  onEnd(listener: (why: DialogEnd) => void): void {
    if (this.endReason !== undefined) listener(this.endReason);
    else this.endListeners.push(listener);
  }

  /** Builds an in-dialog request (12.2.1.1); `cseq` defaults to the next local CSeq. */
  buildRequest(
    method: string,
    options: { cseq?: number; branch?: string; headers?: string[] } = {},
  ): {
    data: Buffer;
    branch: string;
  } {
    const branch = options.branch ?? newBranch();
    const cseq = options.cseq ?? ++this.localSeq;
    const lines = [
      `Via: ${this.host.via(branch)}`,
      'Max-Forwards: 70',
      ...this.routeSet.map((route) => `Route: ${route}`),
      `From: ${this.localHeader}`,
      `To: ${this.remoteHeader}`,
      `Call-ID: ${this.callId}`,
      `CSeq: ${cseq} ${method}`,
      ...(options.headers ?? []),
    ];
    return { data: serialize(`${method} ${this.remoteTarget} SIP/2.0`, lines), branch };
  }

  /** Ends the dialog with a BYE (15.1.1); resolves with the BYE's final status (0: none). */
  async bye(): Promise<number> {
    if (this.endReason !== undefined) return 0;
    this.end('local-bye');
    const { data, branch } = this.buildRequest('BYE', { headers: ['User-Agent: um-phone-lab-um'] });
    return this.host.sendRequest(data, branch, 'BYE').catch(() => 0);
  }

  /** Marks the dialog ended (remote BYE, missing ACK, ...) and tells the listeners. */
  end(why: DialogEnd): void {
    if (this.endReason !== undefined) return;
    this.endReason = why;
    this.host.forget(this);
    for (const listener of this.endListeners.splice(0)) listener(why);
  }
}
