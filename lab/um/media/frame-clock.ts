/**
 * A steady 20 ms send clock: every frame that is due is asked of the source
 * (silence when it has nothing), so the peer sees one continuous stream.
 */
import { FRAME_BYTES, FRAME_MS, MULAW_SILENCE } from './audio';
import type { FrameSource } from './leg';

export class FrameClock {
  private timer: NodeJS.Timeout | undefined;
  private start = 0;
  private sent = 0;
  private source: FrameSource | undefined;

  constructor(private readonly send: (frame: Buffer) => void) {}

  run(source: FrameSource): void {
    this.source = source;
    if (this.timer) return;
    this.start = performance.now();
    this.sent = 0;
    // A 5 ms tick that sends every frame that is due keeps the pace at
    // 50 frames/s on average despite timer jitter.
    this.timer = setInterval(() => this.tick(), 5);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.source = undefined;
  }

  private tick(): void {
    const due = Math.floor((performance.now() - this.start) / FRAME_MS);
    // After a long stall, skip ahead instead of bursting.
    if (due - this.sent > 10) this.sent = due - 1;
    while (this.sent < due) {
      this.sent++;
      this.send(this.source?.() ?? Buffer.alloc(FRAME_BYTES, MULAW_SILENCE));
    }
  }
}
