/**
 * Process control for the lab's Kamailio: one child per start in its own process group (so a
 * stop or a simulated crash reaches every Kamailio process), SIGTERM then SIGKILL, an exit hook
 * as the last resort, and small helpers to run a tool and wait for its output.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import type { WriteStream } from 'node:fs';
import { LAB_DIR } from './dirs';
import { probeWs } from './readiness';

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function run(file: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout: 20000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const output = `${stdout}${stderr}${error && typeof error.code !== 'number' ? String(error) : ''}`;
      resolve({ code, output });
    });
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const running = new Set<{ pid: number }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if the caller never stopped the lab (Kamailio also gets
  // SIGTERM through setpriv --pdeathsig if this process dies).
  process.on('exit', () => {
    for (const proc of running) {
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        // gone
      }
    }
  });
}

let setprivAvailable: boolean | undefined;

export async function hasSetpriv(): Promise<boolean> {
  if (setprivAvailable === undefined) {
    const { code } = await run('setpriv', ['--version'], LAB_DIR);
    setprivAvailable = code === 0;
  }
  return setprivAvailable;
}

export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

export interface KamailioProcessOptions {
  bin: string;
  args: string[];
  cwd: string;
  useSetpriv: boolean;
  /** Every line Kamailio writes goes here. */
  log: WriteStream;
  echoLog: boolean;
  /** Readiness: the WS listener answering an HTTP request. */
  host: string;
  wsPort: number;
  startTimeoutMs: number;
}

/** One Kamailio (main process and children) that can be started again after it stopped. */
export class KamailioProcess {
  private child: ChildProcess | undefined;
  private exitedPromise: Promise<ExitStatus> = Promise.resolve({ code: null, signal: null });
  private tail = '';
  private readonly record = { pid: 0 };

  constructor(private readonly options: KamailioProcessOptions) {}

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  get exited(): Promise<ExitStatus> {
    return this.exitedPromise;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns Kamailio and resolves once its WS listener answers; throws (and stops it) otherwise. */
  async start(): Promise<void> {
    const o = this.options;
    installExitHook();
    const [file, args] = o.useSetpriv
      ? ['setpriv', ['--pdeathsig', 'SIGTERM', '--', o.bin, ...o.args]]
      : [o.bin, o.args];
    this.tail = '';
    const child = spawn(file as string, args as string[], {
      cwd: o.cwd,
      detached: true, // own process group: stop()/kill() reach every Kamailio process
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const onData = (chunk: Buffer) => {
      o.log.write(chunk);
      this.tail = (this.tail + chunk.toString('utf8')).slice(-8000);
      if (o.echoLog) process.stderr.write(chunk);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const record = this.record;
    this.exitedPromise = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running.delete(record);
        resolve({ code, signal });
      });
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    record.pid = child.pid ?? 0;
    running.add(record);

    let gone = false;
    void this.exitedPromise.then(() => (gone = true));
    const deadline = Date.now() + o.startTimeoutMs;
    for (;;) {
      if (gone) {
        await delay(50); // let the last log lines arrive
        throw new Error(`kamailio exited during startup:\n${this.tail.trim()}`);
      }
      if (await probeWs(o.host, o.wsPort)) return;
      if (Date.now() > deadline) {
        await this.terminate();
        throw new Error(
          `kamailio did not answer on ws port ${o.wsPort} within ${o.startTimeoutMs} ms:\n${this.tail.trim()}`,
        );
      }
      await delay(50);
    }
  }

  /** Sends a signal to Kamailio's whole process group. */
  signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  private groupAlive(): boolean {
    const pid = this.child?.pid;
    if (pid === undefined) return false;
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** SIGTERM, wait, SIGKILL the process group if needed; resolves when no process of it is left. */
  async terminate(): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      // A frozen (SIGSTOPped) Kamailio cannot act on SIGTERM.
      this.signalGroup('SIGCONT');
      try {
        child.kill('SIGTERM'); // the main process stops its children
      } catch {
        // gone
      }
      const timedOut = await Promise.race([
        this.exitedPromise.then(() => false),
        delay(5000).then(() => true),
      ]);
      if (timedOut) this.signalGroup('SIGKILL');
      await this.exitedPromise;
    }
    // Main process gone: make sure no child of it survived.
    for (let i = 0; i < 40 && this.groupAlive(); i++) {
      if (i === 10) this.signalGroup('SIGKILL');
      await delay(50);
    }
  }
}
