/**
 * Real PhoneClients on a FakeProxy, with a session description handler that makes SDP text
 * instead of WebRTC, and a delegate that records what each phone reported. Lets a test read as a
 * script: "alice calls bob, bob answers, alice holds". Test support only.
 */
import { vi } from 'vitest';
import type { Session, SessionDescriptionHandler, SessionDescriptionHandlerOptions } from 'sip.js';
import { DEFAULT_SETTINGS, type PhoneSettings } from '../../config/settings';
import type { PresenceState } from '../../protocol';
import type { CallInfo, RegistrationState } from '../call-state';
import { PhoneClient } from '../phone-client';
import type { PhoneClientDelegate } from '../phone-client-delegate';
import type { PhoneProblem, RegistrationReason } from '../reasons';
import { FakeProxy } from './fake-proxy';

/**
 * Offers and answers audio as SDP text; the direction follows RFC 3264 §6.1 and §8.4 the way
 * SIP.js's web handler does (hold → sendonly, an answer to sendonly → recvonly). Records the
 * RFC 4733 tones it was asked to send.
 */
export class FakeMedia implements SessionDescriptionHandler {
  readonly tones: string[] = [];
  /** The options of every offer or answer asked of this handler (e.g. an ICE restart). */
  readonly asked: (SessionDescriptionHandlerOptions | undefined)[] = [];
  private remoteDirection = 'sendrecv';
  private version = 0;

  getDescription(options?: SessionDescriptionHandlerOptions): Promise<{ body: string; contentType: string }> {
    this.asked.push(options);
    const held = (options as { hold?: boolean } | undefined)?.hold === true;
    const answering = this.pendingOffer;
    this.pendingOffer = false;
    const direction = held
      ? 'sendonly'
      : answering && this.remoteDirection === 'sendonly'
        ? 'recvonly'
        : answering && this.remoteDirection === 'inactive'
          ? 'inactive'
          : 'sendrecv';
    const body = [
      'v=0',
      `o=- 1 ${++this.version} IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 9 RTP/AVP 0 101',
      'a=rtpmap:101 telephone-event/8000',
      `a=${direction}`,
      '',
    ].join('\r\n');
    return Promise.resolve({ body, contentType: 'application/sdp' });
  }

  private pendingOffer = false;

  setDescription(sdp: string): Promise<void> {
    this.remoteDirection = /a=(sendrecv|sendonly|recvonly|inactive)/.exec(sdp)?.[1] ?? 'sendrecv';
    this.pendingOffer = true;
    return Promise.resolve();
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  sendDtmf(tones: string): boolean {
    this.tones.push(tones);
    return true;
  }

  close(): void {}
}

/** What one phone reported through its delegate. */
export class PhoneReports implements PhoneClientDelegate {
  readonly registrations: { state: RegistrationState; reason?: RegistrationReason; nextRetryAt?: number }[] =
    [];
  readonly calls = new Map<string, CallInfo>();
  readonly errors: PhoneProblem[] = [];
  readonly refused: { status: number; playOnPhone: boolean }[] = [];
  /** The servers connections opened to, in order. */
  readonly servers: string[] = [];

  onServerChange(server: string): void {
    this.servers.push(server);
  }

  onRegistrationChange(state: RegistrationState, reason?: RegistrationReason, nextRetryAt?: number): void {
    this.registrations.push({ state, reason, nextRetryAt });
  }
  onCallUpdate(call: CallInfo): void {
    this.calls.set(call.id, call);
  }
  onIncomingRefused(facts: { playOnPhone: boolean }, _peer: string | undefined, status: number): void {
    this.refused.push({ status, playOnPhone: facts.playOnPhone });
  }
  onError(problem: PhoneProblem): void {
    this.errors.push(problem);
  }

  get registration(): RegistrationState | undefined {
    return this.registrations.at(-1)?.state;
  }
  get lastRegistration() {
    return this.registrations.at(-1);
  }
  /** Calls in a given state. */
  inState(state: CallInfo['state']): CallInfo[] {
    return [...this.calls.values()].filter((c) => c.state === state);
  }
}

export interface TestPhone {
  readonly name: string;
  readonly client: PhoneClient;
  readonly reports: PhoneReports;
  /** The fake media handlers of this phone's calls, newest last. */
  readonly media: FakeMedia[];
}

/** A phone for `sip:<name>@umphone.test` whose UserAgent talks to `proxy`. */
export function makePhone(
  proxy: Pick<FakeProxy, 'transportFor'>,
  name: string,
  settings: Partial<PhoneSettings> = {},
  presence: PresenceState = 'available',
): TestPhone {
  const reports = new PhoneReports();
  const media: FakeMedia[] = [];
  const client = new PhoneClient(
    {
      settings: { ...DEFAULT_SETTINGS, aor: `sip:${name}@umphone.test`, authUser: name, ...settings },
      password: `${name}-pass`,
      delegate: reports,
      presence,
    },
    {
      transportConstructor: proxy.transportFor(name),
      sessionDescriptionHandlerFactory: (_session: Session) => {
        const m = new FakeMedia();
        media.push(m);
        return m;
      },
    },
  );
  return { name, client, reports, media };
}

/**
 * Lets every queued message, promise and zero-delay timer run until `condition` holds; no
 * simulated time passes. Fails (with `what`) if it never holds once everything has settled.
 * Not for what follows a timer's callback chain run by a positive advance (a backoff's reconnect,
 * a deadline): @sinonjs/fake-timers gives a zero-delay timer started there 1 ms, so wait for its
 * effect with a wait that lets time pass (failover.test.ts, the hang-up while disconnected).
 */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await vi.advanceTimersByTimeAsync(0);
  }
  throw new Error(`never happened: ${what}`);
}

/** Lets everything that is already queued run (no simulated time passes). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(0);
}

/** Signs `phone` in and waits until it is registered. */
export async function signIn(phone: TestPhone): Promise<void> {
  phone.client.connect();
  await until(() => phone.reports.registration === 'registered', `${phone.name} registered`);
}

/** The id of `phone`'s only call in `state`, waiting for it. */
export async function callIn(phone: TestPhone, state: CallInfo['state']): Promise<string> {
  await until(() => phone.reports.inState(state).length > 0, `${phone.name} has a ${state} call`);
  return phone.reports.inState(state)[0]!.id;
}

/** A proxy and one signed-in phone per name, in that order. */
export async function signedInPhones(...names: string[]): Promise<{ proxy: FakeProxy; list: TestPhone[] }> {
  const proxy = new FakeProxy();
  const list = names.map((name) => makePhone(proxy, name));
  for (const phone of list) await signIn(phone);
  return { proxy, list };
}

/**
 * `caller` calls `callee`, who answers: both call ids, once both are connected. The callee's new
 * call is told apart from the calls it already has, so it works with call waiting too.
 */
export async function connectCall(
  caller: TestPhone,
  callee: TestPhone,
): Promise<{ outgoing: string; incoming: string }> {
  const before = new Set(callee.reports.calls.keys());
  const outgoing = caller.client.call(callee.name, { purpose: 'call' });
  await until(
    () => [...callee.reports.calls.values()].some((c) => !before.has(c.id) && c.state === 'ringing'),
    `${callee.name} rings`,
  );
  const incoming = [...callee.reports.calls.values()].find((c) => !before.has(c.id))!.id;
  callee.client.answer(incoming);
  await until(
    () =>
      caller.reports.calls.get(outgoing)?.state === 'connected' &&
      callee.reports.calls.get(incoming)?.state === 'connected',
    `${caller.name} and ${callee.name} connected`,
  );
  return { outgoing, incoming };
}
