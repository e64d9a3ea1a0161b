/** The DTMF tones a keypad offers, in keypad order. */
export const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export type DtmfKey = (typeof DTMF_KEYS)[number];

/** The tone a keyboard key stands for (`KeyboardEvent.key`), if any. */
export function dtmfKeyFor(key: string): DtmfKey | undefined {
  return (DTMF_KEYS as readonly string[]).includes(key) ? (key as DtmfKey) : undefined;
}

/** The parts of an element that tell whether a person is typing into it. */
export interface FocusedElementLike {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
  readOnly?: boolean;
}

const NON_TEXT_INPUTS = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'hidden',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
]);

/**
 * True when focus sits in a place that takes typed text, so the app must neither move focus away
 * (an incoming call) nor treat keys as DTMF.
 */
export function isTextEntry(el: FocusedElementLike | null | undefined): boolean {
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA') return !el.readOnly;
  if (tag === 'SELECT') return true;
  if (tag === 'INPUT') return !el.readOnly && !NON_TEXT_INPUTS.has((el.type ?? 'text').toLowerCase());
  return false;
}
