/**
 * Subscriber access, menu option 4 (issue 18): the owner records the personal greeting that
 * callers hear before the tone instead of the default one (deposit.ts).
 *
 *   greeting-record-prompt --> beep --> recording --#---------> greeting-saved
 *                                          |  +--max length--> greeting-saved
 *                                          +-- under 1 s ----> greeting-too-short (old one kept)
 * The caller hanging up while recording keeps nothing (CallEnded goes up to the menu's caller).
 */
import { saveGreeting, MAX_GREETING_SECONDS } from '../mailbox/greeting';
import type { MailboxStore } from '../mailbox/store';
import { Recorder } from '../media/recorder';
import type { PromptLibrary } from '../prompts';
import type { UmCall } from './call';

const MIN_GREETING_SECONDS = 1;

export const GREETING_TEXTS = {
  prompt: 'After the tone, say your greeting. Press the pound key when you are done.',
  saved: 'Your greeting has been saved.',
  tooShort: 'Your greeting was too short and was not saved.',
} as const;

export async function recordGreeting(
  call: UmCall,
  prompts: PromptLibrary,
  store: MailboxStore,
  mailbox: string,
): Promise<void> {
  await call.say('greeting-record-prompt', await prompts.speak(GREETING_TEXTS.prompt), { bargeIn: false });
  call.clearDigits();
  await call.say('beep', await prompts.get('beep'), { bargeIn: false });
  const recorder = new Recorder(MAX_GREETING_SECONDS);
  try {
    await recorder.ready;
    call.media.onAudio((audio) => recorder.push(audio));
    const deadline = Date.now() + (MAX_GREETING_SECONDS + 2) * 1000;
    // Until #, the maximum length, or (no audio at all) the wall clock; a hang-up rejects.
    while (!recorder.full && Date.now() < deadline) {
      if ((await call.nextDigit(250)) === '#') break;
    }
  } finally {
    call.media.onAudio(undefined);
    recorder.close();
  }
  if (recorder.durationSeconds < MIN_GREETING_SECONDS) {
    await call.say('greeting-too-short', await prompts.speak(GREETING_TEXTS.tooShort));
    return;
  }
  await saveGreeting(store, mailbox, recorder.audio());
  await call.say('greeting-saved', await prompts.speak(GREETING_TEXTS.saved));
}
