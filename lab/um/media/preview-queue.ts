/**
 * Makes previews one at a time (the recogniser takes a core for about a
 * fifth of the message's length), after the deposit has ended, and writes
 * each beside its message. A message without wideband audio (a PCMU caller:
 * the 16 kHz model gives nonsense for 8 kHz speech) or whose recognition
 * fails or finds nothing gets a "failed" preview, which the phone shows as
 * "No preview".
 */
import { transcribe } from './preview';
import { writePreview } from './preview-store';

export interface PreviewQueueDeps {
  /** The message's WAV path (the preview goes beside it); undefined once it is gone. */
  audioPath(user: string, id: string): string | undefined;
  log(line: string): void;
  /** Per message. Default 60 s. */
  timeoutMs?: number;
  /** The recogniser's executable (tests). Default pocketsphinx_continuous. */
  command?: string;
  /** Called after a preview was written (tests, logs). */
  onWritten?(user: string, id: string, status: 'ready' | 'failed'): void;
}

interface Job {
  user: string;
  id: string;
  samples: Int16Array | undefined;
}

export class PreviewQueue {
  private readonly jobs: Job[] = [];
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly deps: PreviewQueueDeps) {}

  enqueue(user: string, id: string, samples: Int16Array | undefined): void {
    if (this.abort.signal.aborted) return;
    this.jobs.push({ user, id, samples });
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  /** Drops what is queued and kills the recogniser that runs. */
  async stop(): Promise<void> {
    this.jobs.length = 0;
    this.abort.abort();
    await this.running;
  }

  private async drain(): Promise<void> {
    for (let job = this.jobs.shift(); job; job = this.jobs.shift()) await this.make(job);
  }

  private async make(job: Job): Promise<void> {
    let status: 'ready' | 'failed' = 'failed';
    let text = '';
    if (job.samples && job.samples.length > 0) {
      const started = performance.now();
      try {
        text = await transcribe(job.samples, {
          timeoutMs: this.deps.timeoutMs ?? 60_000,
          ...(this.deps.command ? { command: this.deps.command } : {}),
          signal: this.abort.signal,
        });
        status = text ? 'ready' : 'failed';
        this.deps.log(
          `preview ${job.user}/${job.id}: ${text.split(' ').filter(Boolean).length} words in ${Math.round(performance.now() - started)} ms`,
        );
      } catch (error) {
        this.deps.log(`preview ${job.user}/${job.id} failed: ${String(error)}`);
      }
    } else this.deps.log(`preview ${job.user}/${job.id}: no wideband audio (narrowband caller), no preview`);
    if (this.abort.signal.aborted) return;
    const file = this.deps.audioPath(job.user, job.id);
    if (!file) return; // deleted meanwhile
    try {
      await writePreview(file, status === 'ready' ? { status, text } : { status });
      this.deps.onWritten?.(job.user, job.id, status);
    } catch (error) {
      this.deps.log(`preview ${job.user}/${job.id} not written: ${String(error)}`);
    }
  }
}
