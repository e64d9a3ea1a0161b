/**
 * Plays mu-law audio into a media session's 20 ms frame clock: one sound at
 * a time, interruptible (barge-in on a DTMF digit, hang-up).
 */
import { FRAME_BYTES, MULAW_SILENCE } from './audio';

export type PlayResult = 'done' | 'interrupted';

interface Playback {
  audio: Buffer;
  offset: number;
  resolve: (result: PlayResult) => void;
}

export class AudioPlayer {
  private current: Playback | undefined;
  /** Bytes of audio played so far (for tests and the call log). */
  bytesPlayed = 0;

  /** The FrameSource for MediaSession.start(). */
  readonly nextFrame = (): Buffer | undefined => {
    const playback = this.current;
    if (!playback) return undefined;
    if (playback.offset >= playback.audio.length) {
      this.current = undefined;
      playback.resolve('done');
      return undefined;
    }
    let frame = playback.audio.subarray(playback.offset, playback.offset + FRAME_BYTES);
    playback.offset += FRAME_BYTES;
    this.bytesPlayed += frame.length;
    if (frame.length < FRAME_BYTES) {
      const padded = Buffer.alloc(FRAME_BYTES, MULAW_SILENCE);
      frame.copy(padded);
      frame = padded;
    }
    return frame;
  };

  get playing(): boolean {
    return this.current !== undefined;
  }

  /** Plays `audio` (replacing whatever plays); resolves when it has been sent or was interrupted. */
  play(audio: Buffer): Promise<PlayResult> {
    this.stop();
    if (audio.length === 0) return Promise.resolve('done');
    return new Promise((resolve) => {
      this.current = { audio, offset: 0, resolve };
    });
  }

  /** Interrupts the current sound. */
  stop(): void {
    const playback = this.current;
    this.current = undefined;
    playback?.resolve('interrupted');
  }
}
