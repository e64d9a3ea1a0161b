import { isFrameMessage, type FrameMethod, type FrameRequest } from './iframe-protocol';
import type {
  UmPhoneCallOptions,
  UmPhoneCredentials,
  UmPhoneFrame,
  UmPhoneFrameConfig,
  UmPhonePresence,
} from './um-phone-api';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/**
 * The host page's side of iframe mode: the embed API as methods that post to the frame, and the
 * frame's events re-dispatched as CustomEvents on this object. Only messages from that frame's
 * window at `origin` are read.
 */
class PhoneFrame extends EventTarget implements UmPhoneFrame {
  readonly #iframe: HTMLIFrameElement;
  readonly #origin: string;
  #ready = false;
  /** The frame document that said 'ready' last: its repeat (the answer to 'hello') is not news. */
  #readyInstance?: string;
  #seq = 0;
  readonly #queue: FrameRequest[] = [];
  readonly #pending = new Map<number, Pending>();

  constructor(iframe: HTMLIFrameElement, origin: string) {
    super();
    this.#iframe = iframe;
    this.#origin = new URL(origin).origin;
    window.addEventListener('message', this.#onMessage);
    iframe.addEventListener('load', this.#hello);
    // Already showing a cross-origin page (its document is out of reach): it may have said
    // 'ready' before we listened, so ask again.
    if (iframe.contentWindow && iframe.contentDocument === null) this.#hello();
  }

  #hello = () => {
    this.#iframe.contentWindow?.postMessage({ umPhone: 1, id: 0, method: 'hello', args: [] }, this.#origin);
  };

  #onMessage = (event: MessageEvent) => {
    if (event.source !== this.#iframe.contentWindow || event.origin !== this.#origin) return;
    const data: unknown = event.data;
    if (!isFrameMessage(data)) return;
    if ('event' in data) {
      if (data.event === 'ready') {
        const instance = 'instance' in data ? data.instance : undefined;
        if (instance !== undefined && instance === this.#readyInstance) return;
        this.#readyInstance = instance;
        this.#ready = true;
        for (const request of this.#queue.splice(0)) this.#post(request);
      }
      this.dispatchEvent(new CustomEvent(data.event, { detail: data.detail }));
      return;
    }
    const pending = this.#pending.get(data.id);
    if (!pending) return;
    this.#pending.delete(data.id);
    if (data.ok) pending.resolve(data.result);
    else pending.reject(new Error(data.error));
  };

  #post(request: FrameRequest) {
    this.#iframe.contentWindow?.postMessage(request, this.#origin);
  }

  #send(method: FrameMethod, args: unknown[]): Promise<unknown> {
    const request: FrameRequest = { umPhone: 1, id: ++this.#seq, method, args };
    return new Promise((resolve, reject) => {
      this.#pending.set(request.id, { resolve, reject });
      if (this.#ready) this.#post(request);
      else this.#queue.push(request);
    });
  }

  async signIn(config: UmPhoneFrameConfig, credentials: UmPhoneCredentials): Promise<void> {
    await this.#send('signIn', [config, credentials]);
  }
  getState() {
    return this.#send('getState', []) as ReturnType<UmPhoneFrame['getState']>;
  }
  async call(target: string, options?: UmPhoneCallOptions): Promise<void> {
    await this.#send('call', [target, options ?? {}]);
  }
  async callVoicemail(): Promise<void> {
    await this.#send('callVoicemail', []);
  }
  async answer(callId?: string): Promise<void> {
    await this.#send('answer', [callId]);
  }
  async decline(callId?: string): Promise<void> {
    await this.#send('decline', [callId]);
  }
  async hangup(callId?: string): Promise<void> {
    await this.#send('hangup', [callId]);
  }
  async setPresence(state: UmPhonePresence): Promise<void> {
    await this.#send('setPresence', [state]);
  }
  async signOut(): Promise<void> {
    await this.#send('signOut', []);
  }
  close(): void {
    window.removeEventListener('message', this.#onMessage);
    this.#iframe.removeEventListener('load', this.#hello);
    for (const p of this.#pending.values()) p.reject(new Error('closed'));
    this.#pending.clear();
  }
}

export function connectPhoneFrame(iframe: HTMLIFrameElement, options: { origin: string }): UmPhoneFrame {
  return new PhoneFrame(iframe, options.origin);
}
