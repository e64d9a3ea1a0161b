/**
 * The voicemail list follows the mailbox: when the message-waiting count changes (RFC 3842 NOTIFY,
 * e.g. a message arrived), the store reads the list again from the voicemail web API, which
 * reads it from the shared mailbox store (lab/um/mailbox: re-read on every read). An unchanged
 * count reads nothing.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/settings';
import type { MessageSummary } from '../protocol';
import type { PhoneClientInit } from '../sip/phone-client-like';
import type { VoicemailApiLike, VoicemailMessage } from '../um-api/voicemail-api';
import { createPhoneStore } from './phone-store';
import { FakePhoneClient } from './testing/fake-phone-client';

const message = (id: string): VoicemailMessage => ({
  id,
  caller: 'sip:alice@umphone.test',
  callerName: 'Alice Example',
  receivedAt: '2026-11-27T10:00:00.000Z',
  durationSeconds: 4,
  urgent: false,
  heard: false,
});

const summary = (newMessages: number): MessageSummary => ({
  waiting: newMessages > 0,
  newMessages,
  oldMessages: 0,
  urgentNew: 0,
  urgentOld: 0,
});

function bobSignedIn() {
  const mailbox: VoicemailMessage[] = [];
  let lists = 0;
  const api = {
    listMessages: async () => {
      lists++;
      return mailbox.map((m) => ({ ...m }));
    },
  } as unknown as VoicemailApiLike;
  let init: PhoneClientInit | undefined;
  const store = createPhoneStore({
    createClient: (i) => ((init = i), new FakePhoneClient()),
    createVoicemailApi: () => api,
  });
  store
    .getState()
    .actions.signIn(
      { ...DEFAULT_SETTINGS, aor: 'sip:bob@umphone.test', voicemailApiUrl: 'http://127.0.0.1:1' },
      'pw',
    );
  return { store, mailbox, lists: () => lists, delegate: () => init!.delegate };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the voicemail list when a message arrives', () => {
  it('is read again when the count changes, and only then', async () => {
    const { store, mailbox, lists, delegate } = bobSignedIn();
    delegate().onMessageSummary?.(summary(0));
    await settled();
    const before = lists();
    expect(store.getState().voicemail.messages).toEqual([]);

    mailbox.push(message('m1')); // deposited (on whichever voicemail server)
    delegate().onMessageSummary?.(summary(1));
    await settled();
    expect(lists()).toBe(before + 1);
    expect(store.getState().voicemail.messages.map((m) => m.id)).toEqual(['m1']);

    // The same count again (a refreshed subscription): nothing to read.
    delegate().onMessageSummary?.(summary(1));
    await settled();
    expect(lists()).toBe(before + 1);
  });
});
