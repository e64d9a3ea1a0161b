import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VoicemailApiLike, VoicemailMessage } from '../um-api/voicemail-api';
import { createVoicemailController, EMPTY_VOICEMAIL, UNDO_MS, type VoicemailState } from './voicemail-slice';

const message = (id: string): VoicemailMessage => ({
  id,
  caller: 'sip:alice@umphone.test',
  callerName: 'Alice Example',
  receivedAt: '2026-11-21T10:00:00.000Z',
  durationSeconds: 4,
  urgent: false,
  heard: false,
});

function setup() {
  let server = [message('m1'), message('m2')];
  const trash: VoicemailMessage[] = [];
  const calls: string[] = [];
  const api: VoicemailApiLike = {
    listMessages: async () => server.map((m) => ({ ...m })),
    playOnPhone: async () => 'c',
    getCallInfo: async () => ({ callState: 'idle', eventCause: 'none' }),
    disconnectPhoneCall: async () => {},
    setHeard: async (id, heard) => {
      calls.push(`heard ${id} ${heard}`);
      server = server.map((m) => (m.id === id ? { ...m, heard } : m));
    },
    deleteMessage: async (id) => {
      calls.push(`delete ${id}`);
      trash.push(...server.filter((m) => m.id === id));
      server = server.filter((m) => m.id !== id);
      return {};
    },
    restoreMessage: async (id) => {
      calls.push(`restore ${id}`);
      server = [...server, ...trash.filter((m) => m.id === id)];
    },
  };
  const { vm, state } = controllerFor(api);
  return { vm, calls, state };
}

/** A controller on `api`, its state starting as `initial`; `state()` reads it, `reset()` replaces it. */
function controllerFor(api: VoicemailApiLike, initial: VoicemailState = { ...EMPTY_VOICEMAIL }) {
  let state = initial;
  const vm = createVoicemailController({
    get: () => state,
    set: (patch) => (state = { ...state, ...patch }),
    api: () => api,
    aor: () => 'sip:bob@umphone.test',
    now: () => 1000,
  });
  return { vm, state: () => state, reset: (next: VoicemailState) => (state = next) };
}

afterEach(() => vi.useRealTimers());

describe('voicemail controller: read state and delete with undo', () => {
  it('marks read and unread on the server and in the list', async () => {
    const { vm, calls, state } = setup();
    await vm.refresh();
    await vm.setHeard('m1', true);
    expect(state().messages.find((m) => m.id === 'm1')?.heard).toBe(true);
    await vm.setHeard('m1', false);
    expect(calls).toEqual(['heard m1 true', 'heard m1 false']);
  });

  it('deletes on the server at once, offers Undo for UNDO_MS, and Undo restores', async () => {
    vi.useFakeTimers();
    const { vm, calls, state } = setup();
    await vm.refresh();
    await vm.remove('m1');
    expect(calls).toEqual(['delete m1']);
    expect(state().messages.map((m) => m.id)).toEqual(['m2']);
    expect(state().undo).toMatchObject({
      messageId: 'm1',
      callerName: 'Alice Example',
      until: 1000 + UNDO_MS,
    });
    await vm.undoRemove();
    expect(calls).toEqual(['delete m1', 'restore m1']);
    expect(state().undo).toBeUndefined();
    expect(
      state()
        .messages.map((m) => m.id)
        .sort(),
    ).toEqual(['m1', 'm2']);
  });

  it('the Undo offer ends after UNDO_MS; the delete stands', async () => {
    vi.useFakeTimers();
    const { vm, calls, state } = setup();
    await vm.refresh();
    await vm.remove('m2');
    vi.advanceTimersByTime(UNDO_MS - 1);
    expect(state().undo?.messageId).toBe('m2');
    vi.advanceTimersByTime(1);
    expect(state().undo).toBeUndefined();
    await vm.undoRemove(); // nothing to undo any more
    expect(calls).toEqual(['delete m2']);
  });
});

describe('voicemail controller: answers from before a sign-out', () => {
  it('are not applied after stop(): no playback, no polling with the old credentials, no Undo line', async () => {
    const { vm, state } = setup();
    await vm.refresh();
    vi.useFakeTimers();
    const held: Array<() => void> = [];
    let infoPolls = 0;
    const api: VoicemailApiLike = {
      listMessages: async () => [message('m1')],
      playOnPhone: () => new Promise((resolve) => held.push(() => resolve('c1'))),
      getCallInfo: async () => {
        infoPolls++;
        return { callState: 'connected', eventCause: 'none' };
      },
      disconnectPhoneCall: async () => {},
      deleteMessage: () => new Promise((resolve) => held.push(() => resolve({}))),
    };
    const next = controllerFor(api, { ...EMPTY_VOICEMAIL, messages: [message('m1')] });
    const vm2 = next.vm;
    const playing = vm2.playOnPhone('m1');
    const removing = vm2.remove('m1');
    vm2.stop(); // sign-out while both are under way
    next.reset({ ...EMPTY_VOICEMAIL }); // the next session's state
    for (const release of held) release();
    await playing;
    await removing;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(next.state().playback).toBeUndefined();
    expect(next.state().undo).toBeUndefined();
    expect(infoPolls).toBe(0);
    expect(state().messages.length).toBe(2); // the first controller is untouched
  });
});
