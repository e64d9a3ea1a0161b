/**
 * Keyboard shortcuts for the three things a ringing or live call needs fast. Alt+Shift+letter
 * because plain Alt+letter opens browser menus on Windows (Alt+D is the address bar) and
 * Ctrl+Shift+letter is taken by Chrome and Firefox. Matched on `code` (the physical key), since
 * Alt+Shift changes `key` on macOS and on some layouts.
 */
export type CallShortcut = 'answer' | 'decline' | 'hang-up' | 'send-to-voicemail';

export interface ShortcutKeyEvent {
  code: string;
  altKey: boolean;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  repeat?: boolean;
}

export function callShortcut(e: ShortcutKeyEvent): CallShortcut | undefined {
  if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey || e.repeat) return undefined;
  switch (e.code) {
    case 'KeyA':
      return 'answer';
    case 'KeyD':
      return 'decline';
    case 'KeyH':
      return 'hang-up';
    case 'KeyV':
      return 'send-to-voicemail';
    default:
      return undefined;
  }
}
