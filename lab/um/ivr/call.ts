/**
 * One established call as the voice menus see it: say a prompt (recorded in
 * the call log), wait for DTMF digits, hang up. Digits typed during a prompt
 * that allows barge-in stop it and are kept for the next read (type-ahead).
 * When the caller hangs up, every pending wait rejects with `CallEnded`.
 */
import type { CallLog, CallLogEntry } from '../calllog';
import { digitFromSipInfo } from '../media/dtmf';
import type { AudioPlayer } from '../media/player';
import type { MediaLeg } from '../media/leg';
import type { Dialog, DialogEnd } from '../sip/dialog';
import { header } from '../sip/message';

export class CallEnded extends Error {
  constructor(readonly why: DialogEnd | 'shutdown') {
    super(`call ended (${why})`);
  }
}

export interface SayOptions {
  /** A digit stops the prompt (and stays queued). Default true. */
  bargeIn?: boolean;
}

export interface CollectOptions {
  maxDigits: number;
  /** Ends input (not included in the result). */
  terminator?: string;
  /** Wait for the first digit. */
  firstDigitMs: number;
  /** Wait between digits. */
  interDigitMs: number;
}

/** Digits kept typed ahead of the prompt that reads them (a 16-digit PIN and its terminator fit). */
export const MAX_TYPE_AHEAD = 32;
/** Digits a call's log entry keeps (GET /um/calls, the server's log line). */
export const MAX_LOGGED_DIGITS = 256;

export class UmCall {
  private readonly digits: string[] = [];
  private digitWaiter: ((digit: string) => void) | undefined;
  private endedWith: CallEnded | undefined;
  private readonly endWaiters: Array<(error: CallEnded) => void> = [];

  constructor(
    readonly dialog: Dialog,
    readonly media: MediaLeg,
    private readonly player: AudioPlayer,
    readonly entry: CallLogEntry,
    private readonly callLog: CallLog,
  ) {
    media.onDigit((digit) => this.addDigit(digit));
    dialog.onInfo = (request) => {
      const digit = digitFromSipInfo(header(request, 'content-type') ?? '', request.body.toString('utf8'));
      if (digit !== undefined) this.addDigit(digit);
    };
    dialog.onEnd((why) => this.ended(new CallEnded(why)));
  }

  get isUp(): boolean {
    return this.endedWith === undefined;
  }

  /**
   * Whether the media path (ICE, DTLS) comes up: false when the call ends first or nothing is
   * connected within `timeoutMs`.
   */
  async mediaConnected(timeoutMs = 10_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.media.connected.then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
        this.whenEnded().then(() => false),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves when the call has ended (either side). */
  whenEnded(): Promise<CallEnded> {
    if (this.endedWith) return Promise.resolve(this.endedWith);
    return new Promise((resolve) => this.endWaiters.push(resolve));
  }

  /** Plays a prompt; resolves 'done' or 'interrupted' (barge-in), rejects with CallEnded. */
  async say(name: string, audio: Buffer, options: SayOptions = {}): Promise<'done' | 'interrupted'> {
    this.assertUp();
    const bargeIn = options.bargeIn ?? true;
    if (bargeIn && this.digits.length > 0) return 'interrupted'; // typed ahead: skip it
    this.entry.prompts.push(name);
    this.callLog.changed(this.entry);
    const stopOnDigit = bargeIn ? () => this.player.stop() : undefined;
    const onEnd = () => this.player.stop();
    this.endWaiters.push(onEnd);
    this.bargeIn = stopOnDigit;
    try {
      const result = await this.player.play(audio);
      this.assertUp();
      return result;
    } finally {
      this.bargeIn = undefined;
      const i = this.endWaiters.indexOf(onEnd);
      if (i >= 0) this.endWaiters.splice(i, 1);
    }
  }

  /** The next digit, or undefined after `timeoutMs`; rejects with CallEnded. */
  nextDigit(timeoutMs: number): Promise<string | undefined> {
    this.assertUp();
    const queued = this.digits.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.digitWaiter = undefined;
        const i = this.endWaiters.indexOf(onEnd);
        if (i >= 0) this.endWaiters.splice(i, 1);
      };
      const onEnd = (error: CallEnded) => {
        finish();
        reject(error);
      };
      const timer = setTimeout(() => {
        finish();
        resolve(undefined);
      }, timeoutMs);
      this.endWaiters.push(onEnd);
      this.digitWaiter = (digit) => {
        finish();
        resolve(digit);
      };
    });
  }

  /** Reads digits until the terminator, `maxDigits`, or a timeout; undefined if nothing was typed. */
  async collect(options: CollectOptions): Promise<string | undefined> {
    let input = '';
    for (;;) {
      const digit = await this.nextDigit(input === '' ? options.firstDigitMs : options.interDigitMs);
      if (digit === undefined) return input === '' ? undefined : input;
      if (digit === options.terminator) return input;
      input += digit;
      if (input.length >= options.maxDigits) return input;
    }
  }

  /** Drops digits typed so far. */
  clearDigits(): void {
    this.digits.length = 0;
  }

  /** Waits `ms` unless the call ends first (resolves either way). */
  async pause(ms: number): Promise<void> {
    if (!this.isUp) return;
    await Promise.race([new Promise((resolve) => setTimeout(resolve, ms)), this.whenEnded()]);
  }

  /** Ends the call from our side (BYE) and stops the media. */
  async hangUp(): Promise<void> {
    if (this.dialog.ended === undefined) await this.dialog.bye();
    this.ended(new CallEnded('local-bye'));
  }

  /** Ends the call because the server stops. */
  async shutdown(): Promise<void> {
    const wasUp = this.isUp;
    if (this.dialog.ended === undefined) await this.dialog.bye();
    if (wasUp) this.ended(new CallEnded('shutdown'));
  }

  private bargeIn: (() => void) | undefined;

  private addDigit(digit: string): void {
    if (!this.isUp) return;
    // Both bounded: a caller can send a telephone-event per RTP packet for as long as the call
    // lasts. The log keeps the first MAX_LOGGED_DIGITS; typed ahead, the latest MAX_TYPE_AHEAD
    // are kept (no prompt reads more than a PIN and its #, which come last).
    if (this.entry.digits.length < MAX_LOGGED_DIGITS) {
      this.entry.digits.push(digit);
      this.callLog.changed(this.entry);
    }
    const waiter = this.digitWaiter;
    if (waiter) {
      waiter(digit);
      return;
    }
    if (this.digits.length >= MAX_TYPE_AHEAD) this.digits.shift();
    this.digits.push(digit);
    this.bargeIn?.();
  }

  private assertUp(): void {
    if (this.endedWith) throw this.endedWith;
  }

  private ended(error: CallEnded): void {
    if (this.endedWith) return;
    this.endedWith = error;
    this.player.stop();
    this.entry.media = {
      framesSent: this.media.stats.framesSent,
      audioPacketsReceived: this.media.stats.audioPacketsReceived,
      dtmfPacketsReceived: this.media.stats.dtmfPacketsReceived,
    };
    for (const waiter of this.endWaiters.splice(0)) waiter(error);
    void this.media.close();
  }
}
