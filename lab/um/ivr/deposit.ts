/**
 * Deposit (MS-OCEXUM 1.3, 2.2.3, 2.2.4): a caller leaves a message in
 * someone's mailbox: greeting, tone, recording until the caller hangs up or
 * the maximum length is reached; the message keeps the INVITE's Subject and
 * Priority.
 *
 *   greeting --> beep --> recording --BYE--------> save (message-saved | message-too-short)
 *                             +------max length--> max-length, goodbye, BYE, save
 */
import type { CallLog } from '../calllog';
import type { MailboxStore } from '../mailbox/store';
import type { MessagePriority } from '../mailbox/types';
import type { PreviewQueue } from '../media/preview-queue';
import { loadGreeting } from '../mailbox/greeting';
import { Recorder } from '../media/recorder';
import type { PromptLibrary } from '../prompts';
import { depositGreetingText } from './announce';
import { CallEnded, type UmCall } from './call';

export interface DepositContext {
  call: UmCall;
  callLog: CallLog;
  store: MailboxStore;
  prompts: PromptLibrary;
  mailbox: string;
  /** How the mailbox owner is named in the greeting. */
  ownerName: string;
  caller: string;
  callerName: string;
  subject: string;
  priority: MessagePriority;
  maxSeconds: number;
  /** Shorter recordings are not kept. */
  minSeconds: number;
  /** Makes the saved message's preview (issue 18), after the call. */
  previews?: PreviewQueue;
}

export async function runDeposit(ctx: DepositContext): Promise<void> {
  const { call, callLog, prompts, store } = ctx;
  const entry = call.entry;
  const recorder = new Recorder(ctx.maxSeconds);
  let reachedMax = false;
  try {
    await call.pause(300);
    // The owner's own greeting when they recorded one (subscriber access, option 4), else ours.
    const personal = await loadGreeting(store, ctx.mailbox);
    if (personal) await call.say('personal-greeting', personal, { bargeIn: false });
    else
      await call.say('greeting', await prompts.speak(depositGreetingText(ctx.ownerName)), { bargeIn: false });
    await call.say('beep', await prompts.get('beep'), { bargeIn: false });
    await recorder.ready; // the Opus decoders (WebAssembly), compiled while the greeting played
    call.media.onAudio((audio) => recorder.push(audio));
    const limit = new Promise<'max'>((resolve) => {
      const timer = setInterval(() => {
        if (recorder.full) {
          clearInterval(timer);
          resolve('max');
        }
      }, 100);
      void call.whenEnded().then(() => clearInterval(timer));
      // Also a wall-clock cap, in case the caller sends no audio at all.
      setTimeout(() => resolve('max'), (ctx.maxSeconds + 2) * 1000).unref();
    });
    const outcome = await Promise.race([limit, call.whenEnded()]);
    call.media.onAudio(undefined);
    if (outcome === 'max' && call.isUp) {
      reachedMax = true;
      await call.say('max-length', await prompts.get('max-length'), { bargeIn: false });
      await call.say('goodbye', await prompts.get('goodbye'), { bargeIn: false });
      await call.hangUp();
    }
  } catch (error) {
    if (!(error instanceof CallEnded)) {
      recorder.close();
      callLog.finish(entry, 'failed', String(error));
      await call.hangUp().catch(() => {});
      return;
    }
  }
  call.media.onAudio(undefined);
  recorder.close();
  const seconds = recorder.durationSeconds;
  if (seconds < ctx.minSeconds) {
    callLog.finish(entry, 'message-too-short', `${seconds.toFixed(2)} s recorded`);
    return;
  }
  try {
    const message = await store.add(ctx.mailbox, {
      caller: ctx.caller,
      callerName: ctx.callerName,
      receivedAt: new Date(),
      subject: ctx.subject,
      priority: ctx.priority,
      audio: recorder.audio(),
    });
    entry.messageId = message.id;
    ctx.previews?.enqueue(ctx.mailbox, message.id, recorder.wideband());
    callLog.finish(
      entry,
      'message-saved',
      `${message.durationSeconds.toFixed(2)} s${reachedMax ? ' (maximum length)' : ''}`,
    );
  } catch (error) {
    callLog.finish(entry, 'failed', `could not store the message: ${String(error)}`);
  }
}
