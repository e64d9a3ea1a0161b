/**
 * What a key does on the voice message player's position slider. The native range input would
 * move by its `step` (a tenth of a second here, so that the progress is smooth), far too little
 * for listening; these keys follow the media-player conventions instead, and Space (which a range
 * input ignores) plays or pauses.
 */
export type PlayerKeyAction = { kind: 'toggle' } | { kind: 'seek'; to: number };

/** Seconds the arrow keys move; Page Up/Down move twice as far. */
export const SEEK_STEP_SECONDS = 5;

export function playerKeyAction(
  key: string,
  position: { current: number; duration: number },
): PlayerKeyAction | undefined {
  const duration = Number.isFinite(position.duration) ? Math.max(0, position.duration) : 0;
  const clamp = (t: number) => Math.min(duration, Math.max(0, t));
  switch (key) {
    case ' ':
    case 'Spacebar':
    case 'k':
    case 'K':
      return { kind: 'toggle' };
    case 'ArrowLeft':
    case 'ArrowDown':
      return { kind: 'seek', to: clamp(position.current - SEEK_STEP_SECONDS) };
    case 'ArrowRight':
    case 'ArrowUp':
      return { kind: 'seek', to: clamp(position.current + SEEK_STEP_SECONDS) };
    case 'PageDown':
      return { kind: 'seek', to: clamp(position.current - 2 * SEEK_STEP_SECONDS) };
    case 'PageUp':
      return { kind: 'seek', to: clamp(position.current + 2 * SEEK_STEP_SECONDS) };
    case 'Home':
      return { kind: 'seek', to: 0 };
    case 'End':
      return { kind: 'seek', to: duration };
    default:
      return undefined;
  }
}

/** The speeds offered. */
export const PLAYBACK_RATES = [1, 1.5, 2] as const;
