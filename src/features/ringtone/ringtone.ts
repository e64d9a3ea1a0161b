import { ringPattern, type RingPattern } from './ring-pattern';

/** The Web Audio surface the ringtone uses (so tests can hand in a fake). */
export type RingAudioContext = Pick<
  AudioContext,
  'state' | 'currentTime' | 'destination' | 'createGain' | 'createOscillator' | 'resume' | 'suspend' | 'close'
>;

export type RingAudioContextFactory = () => RingAudioContext | undefined;

function browserAudioContext(): RingAudioContext | undefined {
  const w = globalThis as { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext };
  const Ctor = w.AudioContext ?? w.webkitAudioContext;
  if (!Ctor) return undefined;
  try {
    return new Ctor();
  } catch {
    return undefined;
  }
}

/** Calls an audio method that may throw or reject (autoplay policy); a ring that can't sound is silent, not an error. */
function quietly(run: () => Promise<unknown> | undefined): void {
  try {
    void run()?.catch(() => undefined);
  } catch {
    // ignored on purpose
  }
}

/** How long ahead a cycle is scheduled before it starts, so timer jitter can't clip it. */
const LEAD = 0.05;
/** Retry interval while the context is suspended (waiting for a user gesture). */
const RETRY_MS = 200;

/** Suspended checks in a row before the ring counts as blocked (a resume() may just be slow). */
const BLOCKED_AFTER = 2;

/** Chromium 110+: an AudioContext can play on a chosen output device. */
interface SinkableContext {
  setSinkId?: (sinkId: string) => Promise<void>;
  createMediaStreamDestination?: () => MediaStreamAudioDestinationNode;
}

interface Session {
  urgent: boolean;
  output: GainNode;
  /** Where AudioContext.setSinkId is missing: the ring plays through this element instead. */
  element?: HTMLAudioElement;
  timer?: ReturnType<typeof setTimeout>;
  suspendedChecks: number;
}

/**
 * A ringtone generated with Web Audio: no audio files. One cycle of the pattern is scheduled at a
 * time on the audio clock, the next one shortly before it is due.
 */
export class Ringtone {
  #ctx: RingAudioContext | undefined;
  #session: Session | undefined;
  #blocked = false;
  /** The output device for the ring ('' = the system default). */
  #sinkId = '';
  readonly #createContext: RingAudioContextFactory;
  readonly #onBlockedChange: (blocked: boolean) => void;

  /**
   * `onBlockedChange(true)` when a ring can't sound because the browser wants a user gesture first
   * (autoplay policy), `false` once it sounds or stops.
   */
  constructor(
    createContext: RingAudioContextFactory = browserAudioContext,
    onBlockedChange: (blocked: boolean) => void = () => undefined,
  ) {
    this.#createContext = createContext;
    this.#onBlockedChange = onBlockedChange;
  }

  get ringing(): boolean {
    return this.#session !== undefined;
  }

  /** Ringing, but the browser keeps the audio suspended until the user clicks or types. */
  get blocked(): boolean {
    return this.#blocked;
  }

  #setBlocked(blocked: boolean): void {
    if (this.#blocked === blocked) return;
    this.#blocked = blocked;
    this.#onBlockedChange(blocked);
  }

  /**
   * Rings on this output device from now on ('' = default): AudioContext.setSinkId where the
   * browser has it, else an <audio> element (HTMLMediaElement.setSinkId) fed by a stream destination.
   */
  setSinkId(sinkId: string): void {
    if (sinkId === this.#sinkId) return;
    this.#sinkId = sinkId;
    const ctx = this.#ctx as (RingAudioContext & SinkableContext) | undefined;
    if (ctx?.setSinkId) quietly(() => ctx.setSinkId?.(sinkId));
  }

  /** Starts ringing (or switches between the normal and urgent pattern). Never throws. */
  start(urgent: boolean): void {
    if (this.#session?.urgent === urgent) return;
    this.stop();
    const ctx = this.#context();
    if (!ctx) return;
    let output: GainNode;
    let element: HTMLAudioElement | undefined;
    try {
      output = ctx.createGain();
      element = this.#sinkId ? this.#elementOutput(ctx, output) : undefined;
      if (!element) output.connect(ctx.destination);
    } catch {
      return;
    }
    const session: Session = { urgent, output, element, suspendedChecks: 0 };
    this.#session = session;
    this.#cycle(ctx, session, ringPattern(urgent), undefined);
  }

  /** Stops at once: the output is cut, so cycles already scheduled make no sound. */
  stop(): void {
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    this.#setBlocked(false);
    clearTimeout(session.timer);
    try {
      session.output.disconnect();
    } catch {
      // already disconnected
    }
    if (session.element) {
      session.element.pause();
      session.element.srcObject = null;
    }
    // Let the audio device sleep between calls; resuming later is allowed after any user gesture.
    const ctx = this.#ctx;
    if (ctx?.state === 'running') quietly(() => ctx.suspend());
  }

  /**
   * Creates the audio context now, asleep, so that the first ring does not pay for it (creating
   * one takes tens of milliseconds on the main thread, in the same task as the ringing panel's
   * render). Call it in idle time once signed in. A suspended context costs nothing at idle.
   */
  prepare(): void {
    if (this.#session || (this.#ctx && this.#ctx.state !== 'closed')) return;
    const ctx = this.#context();
    if (ctx?.state === 'running') quietly(() => ctx.suspend());
  }

  /** Call from a user gesture: browsers let a suspended context start only then (autoplay policy). */
  unlock(): void {
    const ctx = this.#ctx;
    if (this.#session && ctx && ctx.state !== 'running') quietly(() => ctx.resume());
  }

  dispose(): void {
    this.stop();
    const ctx = this.#ctx;
    this.#ctx = undefined;
    if (ctx && ctx.state !== 'closed') quietly(() => ctx.close());
  }

  #context(): RingAudioContext | undefined {
    if (this.#ctx?.state === 'closed') this.#ctx = undefined;
    if (!this.#ctx) {
      const ctx = this.#createContext() as (RingAudioContext & SinkableContext) | undefined;
      const sinkId = this.#sinkId;
      if (ctx?.setSinkId && sinkId) quietly(() => ctx.setSinkId?.(sinkId));
      this.#ctx = ctx;
    }
    return this.#ctx;
  }

  /** The fallback output: the ring through an <audio> element on the chosen device. */
  #elementOutput(ctx: RingAudioContext & SinkableContext, output: GainNode): HTMLAudioElement | undefined {
    if (ctx.setSinkId || !ctx.createMediaStreamDestination || typeof Audio === 'undefined') return undefined;
    const element = new Audio();
    if (typeof element.setSinkId !== 'function') return undefined;
    const destination = ctx.createMediaStreamDestination();
    output.connect(destination);
    element.srcObject = destination.stream;
    const sinkId = this.#sinkId;
    quietly(() => element.setSinkId(sinkId));
    quietly(() => element.play());
    return element;
  }

  #cycle(ctx: RingAudioContext, session: Session, pattern: RingPattern, at: number | undefined): void {
    if (this.#session !== session) return;
    if (ctx.state !== 'running') {
      // Suspended (no user gesture yet, or put to sleep by stop()): ask again, schedule nothing,
      // so no backlog of cycles piles up on a clock that isn't moving.
      quietly(() => ctx.resume());
      if (++session.suspendedChecks >= BLOCKED_AFTER) this.#setBlocked(true);
      session.timer = setTimeout(() => this.#cycle(ctx, session, pattern, undefined), RETRY_MS);
      return;
    }
    session.suspendedChecks = 0;
    this.#setBlocked(false);
    const start = Math.max(at ?? 0, ctx.currentTime + LEAD);
    try {
      scheduleCycle(ctx, session.output, pattern, start);
    } catch {
      // A failing audio graph leaves this cycle silent; the next one tries again.
    }
    const next = start + pattern.period;
    const wait = Math.max(0, (next - ctx.currentTime - 4 * LEAD) * 1000);
    session.timer = setTimeout(() => this.#cycle(ctx, session, pattern, next), wait);
  }
}

/** One cycle: per burst, each frequency through a gain envelope with short ramps (no clicks). */
function scheduleCycle(ctx: RingAudioContext, output: GainNode, pattern: RingPattern, start: number): void {
  const perTone = pattern.level / pattern.frequencies.length;
  for (const burst of pattern.bursts) {
    const t0 = start + burst.start;
    const t1 = t0 + burst.duration;
    const ramp = Math.min(0.015, burst.duration / 4);
    const envelope = ctx.createGain();
    envelope.gain.setValueAtTime(0, t0);
    envelope.gain.linearRampToValueAtTime(perTone, t0 + ramp);
    envelope.gain.setValueAtTime(perTone, t1 - ramp);
    envelope.gain.linearRampToValueAtTime(0, t1);
    envelope.connect(output);
    let playing = pattern.frequencies.length;
    for (const frequency of pattern.frequencies) {
      const osc = ctx.createOscillator();
      osc.type = 'sine';
      osc.frequency.setValueAtTime(frequency, t0);
      osc.connect(envelope);
      osc.start(t0);
      osc.stop(t1);
      osc.onended = () => {
        osc.disconnect();
        if (--playing === 0) envelope.disconnect();
      };
    }
  }
}
