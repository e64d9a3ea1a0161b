import {
  Registerer,
  type Core,
  type RegistererOptions,
  type RegistererRegisterOptions,
  type UserAgent,
} from 'sip.js';
import { onRegisterPendingChange, registerPending } from '../sipjs-internals';

/** Every REGISTER the Registerer sends, its own refreshes included, reports its outcome. */
export class ObservedRegisterer extends Registerer {
  constructor(
    ua: UserAgent,
    options: RegistererOptions,
    private readonly onFinalResponse: (response: Core.IncomingResponse) => void,
  ) {
    super(ua, options);
  }

  /** Whether a REGISTER awaits its final response. */
  get pending(): boolean {
    return registerPending(this);
  }

  /** Called whenever a REGISTER starts or completes (every one, answered or not). */
  onPendingChange(listener: (pending: boolean) => void): void {
    onRegisterPendingChange(this, listener);
  }

  /** The last REGISTER sent, its refreshes included (SIP.js's timer calls `register` too). */
  lastRequest?: Core.OutgoingRegisterRequest;

  override register(options: RegistererRegisterOptions = {}): Promise<Core.OutgoingRegisterRequest> {
    const own = options.requestDelegate;
    const sent = super.register({
      ...options,
      requestDelegate: {
        ...own,
        onAccept: (response) => {
          this.onFinalResponse(response);
          own?.onAccept?.(response);
        },
        onReject: (response) => {
          this.onFinalResponse(response);
          own?.onReject?.(response);
        },
      },
    });
    void sent.then((request) => (this.lastRequest = request)).catch(() => undefined);
    return sent;
  }
}
