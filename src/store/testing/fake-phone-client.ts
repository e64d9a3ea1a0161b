/**
 * The one fake SIP client for tests of what sits above src/sip (store, embed, app): records what
 * it is asked in `asked` ("call bob call - -", "answer c1", "presence dnd") and keeps the init it
 * was made with, so a test can play the SIP layer's callbacks (`delegate`). Test support only.
 */
import type { PhoneClientDelegate } from '../../sip/phone-client-delegate';
import type {
  OutgoingCallOptions,
  PhoneClientFactory,
  PhoneClientInit,
  PhoneClientLike,
} from '../../sip/phone-client-like';

export interface FakePhoneClientOptions {
  /** What call() returns (default 'c1'). */
  callId?: string;
  /** What callVoicemail() returns (default 'c2'). */
  voicemailId?: string;
}

export class FakePhoneClient implements PhoneClientLike {
  constructor(
    /** What the client was asked, in order, shared with the factory's other clients. */
    readonly asked: string[] = [],
    private readonly options: FakePhoneClientOptions = {},
    readonly init?: PhoneClientInit,
  ) {}

  /** The delegate the store gave this client (the SIP layer's way up). */
  get delegate(): PhoneClientDelegate {
    if (!this.init) throw new Error('This fake was made without an init');
    return this.init.delegate;
  }

  connect(): void {
    this.asked.push('connect');
  }
  dispose(): void {
    this.asked.push('dispose');
  }
  call(target: string, options: OutgoingCallOptions): string {
    // Like the real client: a Subject that could inject a header is refused by throwing.
    if (options.subject?.includes('\n')) throw new Error('Subject may not contain line breaks.');
    this.asked.push(`call ${target} ${options.purpose} ${options.subject ?? '-'} ${options.priority ?? '-'}`);
    return this.options.callId ?? 'c1';
  }
  callVoicemail(): string {
    this.asked.push('voicemail');
    return this.options.voicemailId ?? 'c2';
  }
  answer(callId: string): void {
    this.asked.push(`answer ${callId}`);
  }
  decline(callId: string): void {
    this.asked.push(`decline ${callId}`);
  }
  hangup(callId: string): void {
    this.asked.push(`hangup ${callId}`);
  }
  setMuted(callId: string, muted: boolean): void {
    this.asked.push(`mute ${callId} ${muted}`);
  }
  setHeld(callId: string, held: boolean): void {
    this.asked.push(`hold ${callId} ${held}`);
  }
  sendDtmf(callId: string, tone: string): void {
    this.asked.push(`dtmf ${callId} ${tone}`);
  }
  setPresence(presence: PhoneClientInit['presence']): void {
    this.asked.push(`presence ${presence}`);
  }
  networkLost(): void {
    this.asked.push('network-lost');
  }
  checkConnection(): void {
    this.asked.push('check-connection');
  }
}

/** A factory of fakes that records every client it made; `last` is the newest. */
export function fakePhoneClients(options: FakePhoneClientOptions = {}) {
  const asked: string[] = [];
  const made: FakePhoneClient[] = [];
  const factory: PhoneClientFactory = (init) => {
    const client = new FakePhoneClient(asked, options, init);
    made.push(client);
    return client;
  };
  return {
    factory,
    asked,
    made,
    get last(): FakePhoneClient {
      const client = made.at(-1);
      if (!client) throw new Error('No client was made yet');
      return client;
    },
  };
}
