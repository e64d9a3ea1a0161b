/**
 * Subscriber access (MS-OCEXUM 1.3 "call-in", 3.1): the owner calls their
 * own mailbox. The PIN is asked for unless the INVITE carried
 * `Ms-Exchange-Command: skip-pin` over the trusted transport; then the
 * mailbox menu runs.
 *
 *   [pin-prompt] --right PIN--> you-have-n-new --> menu <-----------------+
 *     |  ^                                          | 1 next: header+audio |
 *     |  +-- pin-wrong (tries 1, 2)                 | 2 replay             |
 *     +-- pin-wrong x3 --> pin-locked, goodbye, BYE | 3 delete: confirm  --+
 *                                                   | 4 record greeting  --+
 *                                                   | # or *: goodbye, BYE
 *
 * Wrong PINs also count across calls (pin-guard.ts): once the mailbox is locked, a call that
 * needs the PIN hears pin-locked and goodbye before any prompt, whatever it would type.
 */
import type { CallLog } from '../calllog';
import type { MailboxStore } from '../mailbox/store';
import type { VoiceMessage } from '../mailbox/types';
import type { PromptLibrary } from '../prompts';
import { mailboxSummaryText, messageHeaderText } from './announce';
import { CallEnded, type UmCall } from './call';
import type { PinGuard } from './pin-guard';
import { recordGreeting } from './record-greeting';

export interface SubscriberAccessContext {
  call: UmCall;
  callLog: CallLog;
  store: MailboxStore;
  prompts: PromptLibrary;
  mailbox: string;
  /** The owner's PIN ('' = none set: no PIN opens the mailbox, only skip-pin does). */
  pin: string;
  skipPin: boolean;
  /** Wrong PINs across calls, the server's. */
  pinGuard: PinGuard;
  /** Timing (tests may shorten). */
  timing?: Partial<MenuTiming>;
}

export interface MenuTiming {
  pinFirstDigitMs: number;
  pinInterDigitMs: number;
  menuDigitMs: number;
  maxPinAttempts: number;
  maxMenuTimeouts: number;
}

export const DEFAULT_MENU_TIMING: MenuTiming = {
  pinFirstDigitMs: 10000,
  pinInterDigitMs: 5000,
  menuDigitMs: 10000,
  maxPinAttempts: 3,
  maxMenuTimeouts: 3,
};

/** New messages oldest first, then heard ones newest first (the order a caller hears them). */
export function playbackOrder(messages: readonly VoiceMessage[]): VoiceMessage[] {
  const fresh = messages.filter((m) => !m.heard).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const heard = messages.filter((m) => m.heard).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  return [...fresh, ...heard];
}

export async function runSubscriberAccess(ctx: SubscriberAccessContext): Promise<void> {
  const { call, callLog, prompts, store, mailbox } = ctx;
  const timing = { ...DEFAULT_MENU_TIMING, ...ctx.timing };
  const entry = call.entry;
  try {
    await call.pause(300); // let the media settle before speaking
    if (!ctx.skipPin) {
      let ok = false;
      let locked = false;
      for (let attempt = 1; attempt <= timing.maxPinAttempts && !ok; attempt++) {
        // Asked before every prompt and after every entry: another call to this mailbox may have
        // locked it meanwhile, and no PIN is compared (or clears the count) while it is locked.
        if ((locked = ctx.pinGuard.isLocked(mailbox))) break;
        await call.say('pin-prompt', await prompts.get('pin-prompt'));
        const pin = await call.collect({
          maxDigits: 16,
          terminator: '#',
          firstDigitMs: timing.pinFirstDigitMs,
          interDigitMs: timing.pinInterDigitMs,
        });
        if ((locked = ctx.pinGuard.isLocked(mailbox))) break;
        ok = ctx.pin !== '' && pin === ctx.pin;
        if (ok) {
          ctx.pinGuard.succeeded(mailbox);
        } else {
          locked = ctx.pinGuard.failed(mailbox);
          call.clearDigits();
          await call.say('pin-wrong', await prompts.get('pin-wrong'), { bargeIn: false });
        }
      }
      if (!ok) {
        await call.say('pin-locked', await prompts.get('pin-locked'), { bargeIn: false });
        await call.say('goodbye', await prompts.get('goodbye'), { bargeIn: false });
        if (locked)
          callLog.finish(entry, 'pin-locked', 'too many wrong PINs for this mailbox: no PIN taken for now');
        else callLog.finish(entry, 'pin-failed', `${timing.maxPinAttempts} wrong PINs`);
        await call.hangUp();
        return;
      }
    }

    await call.say('you-have-n-new', await prompts.speak(mailboxSummaryText(store.summary(mailbox))));
    const order = playbackOrder(store.list(mailbox));
    let cursor = -1;
    let current: VoiceMessage | undefined;
    let timeouts = 0;

    const playCurrent = async (message: VoiceMessage): Promise<void> => {
      await call.say('message-header', await prompts.speak(messageHeaderText(message)));
      let audio: Buffer;
      try {
        audio = await store.readAudio(mailbox, message.id);
      } catch {
        await call.say('message-missing', await prompts.get('message-missing'));
        return;
      }
      // Heard as soon as its recording starts playing (RFC 3842 "old").
      void store.markHeard(mailbox, message.id).catch(() => {});
      entry.messageId = message.id;
      await call.say('message-audio', audio);
    };

    for (;;) {
      await call.say('menu', await prompts.get('menu'));
      const digit = await call.nextDigit(timing.menuDigitMs);
      if (digit === undefined) {
        timeouts++;
        if (timeouts >= timing.maxMenuTimeouts) {
          await call.say('goodbye', await prompts.get('goodbye'), { bargeIn: false });
          callLog.finish(entry, 'timeout', 'no choice made');
          await call.hangUp();
          return;
        }
        continue;
      }
      timeouts = 0;
      switch (digit) {
        case '1': {
          // Next message still in the mailbox (one may have been deleted meanwhile).
          let next: VoiceMessage | undefined;
          while (!next && cursor + 1 < order.length) {
            cursor++;
            const candidate = order[cursor];
            if (candidate && store.get(mailbox, candidate.id)) next = candidate;
          }
          current = next;
          if (!current) await call.say('no-more-messages', await prompts.get('no-more-messages'));
          else await playCurrent(current);
          break;
        }
        case '2':
          if (current && store.get(mailbox, current.id)) await playCurrent(current);
          else await call.say('no-current-message', await prompts.get('no-current-message'));
          break;
        case '3':
          if (current && (await store.delete(mailbox, current.id))) {
            current = undefined;
            await call.say('message-deleted', await prompts.get('message-deleted'));
          } else {
            await call.say('no-current-message', await prompts.get('no-current-message'));
          }
          break;
        case '4':
          // issue 18: the personal greeting callers hear (record-greeting.ts)
          await recordGreeting(call, prompts, store, mailbox);
          break;
        case '#':
        case '*':
          await call.say('goodbye', await prompts.get('goodbye'), { bargeIn: false });
          callLog.finish(entry, 'completed');
          await call.hangUp();
          return;
        default:
          await call.say('invalid-choice', await prompts.get('invalid-choice'));
      }
    }
  } catch (error) {
    if (error instanceof CallEnded) {
      callLog.finish(entry, error.why === 'shutdown' ? 'server-shutdown' : 'caller-hung-up');
      return;
    }
    callLog.finish(entry, 'failed', String(error));
    await call.hangUp().catch(() => {});
  }
}
