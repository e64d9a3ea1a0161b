import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { contactNote, contactStateText } from './contacts-strip';

describe('contacts strip text', () => {
  it('says Offline (not Appear Offline) for a closed presence, Unknown before the first NOTIFY', () => {
    expect(contactStateText({ state: 'offline', note: '' }, en)).toBe('Offline');
    expect(contactStateText({ state: 'dnd', note: '' }, en)).toBe('Do Not Disturb');
    expect(contactStateText(undefined, en)).toBe('Unknown');
  });
  it('shows a note only when it says more than the state name', () => {
    expect(contactNote({ state: 'busy', note: 'Busy' })).toBeUndefined();
    expect(contactNote({ state: 'busy', note: '  ' })).toBeUndefined();
    expect(contactNote({ state: 'busy', note: 'In a meeting' })).toBe('In a meeting');
    expect(contactNote(undefined)).toBeUndefined();
  });
});
