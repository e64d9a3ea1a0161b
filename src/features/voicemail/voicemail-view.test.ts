import { describe, expect, it } from 'vitest';
import { messageCountLine, messageView, playbackLine } from './voicemail-view';

describe('voicemail view', () => {
  it('words the MWI count', () => {
    expect(messageCountLine(undefined)).toBeUndefined();
    const s = { waiting: true, newMessages: 1, oldMessages: 0, urgentNew: 0, urgentOld: 0 };
    expect(messageCountLine(s)).toBe('1 new message');
    expect(messageCountLine({ ...s, newMessages: 3, urgentNew: 1 })).toBe('3 new messages (1 urgent)');
    expect(messageCountLine({ ...s, waiting: false, newMessages: 0 })).toBe('No new messages');
  });
  it('shows a message with a fallback name and a bad date without throwing', () => {
    const fmt = new Intl.DateTimeFormat('en', { timeZone: 'UTC' });
    const v = messageView(
      {
        id: 'm',
        caller: 'sip:alice@x',
        receivedAt: 'nonsense',
        durationSeconds: 65,
        urgent: true,
        heard: false,
      },
      fmt,
    );
    expect(v).toMatchObject({ name: 'alice@x', when: 'Unknown time', duration: '01:05', urgent: true });
  });
  it('shows the preview as text, or that there is none, or that it is being made', () => {
    const fmt = new Intl.DateTimeFormat('en', { timeZone: 'UTC' });
    const base = {
      id: 'm',
      caller: 'sip:a@x',
      receivedAt: '',
      durationSeconds: 1,
      urgent: false,
      heard: false,
    };
    const text = '<img src=x onerror=alert(1)> call me';
    expect(messageView({ ...base, preview: { status: 'ready', text } }, fmt).preview).toEqual({
      kind: 'text',
      text,
    });
    expect(messageView({ ...base, preview: { status: 'failed' } }, fmt).preview).toEqual({ kind: 'none' });
    expect(messageView({ ...base, preview: { status: 'pending' } }, fmt).preview).toEqual({
      kind: 'pending',
    });
    expect(messageView(base, fmt).preview).toBeUndefined();
  });
  it('says what Play on my phone is doing', () => {
    expect(playbackLine(undefined)).toBeUndefined();
    expect(playbackLine({ messageId: 'm', state: 'alerted' })).toBe('Your phone is ringing');
    expect(playbackLine({ messageId: 'm', state: 'failed', cause: 'offline' })).toContain('offline');
  });
});
