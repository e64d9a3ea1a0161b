/**
 * A real third-party SIP client in the journeys: baresip (Debian `baresip` 1.0), as a desk
 * phone or softphone would be: SIP over UDP or TCP with digest, plain RTP/AVP (no ICE, no
 * DTLS, no SRTP), PCMU. Its microphone is a sound file (`aufile`), what it hears is written to
 * a WAV file (`sndfile`), and it is driven over `ctrl_tcp` (JSON in netstrings: commands with
 * a token and their responses, and its UA events), so a test waits for what baresip reports,
 * never for a fixed time.
 *
 * Each instance has its own config dir in a temp folder (removed by stop()).
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface BaresipEvent {
  type: string;
  class?: string;
  accountaor?: string;
  direction?: string;
  peeruri?: string;
  peerdisplayname?: string;
  id?: string;
  param?: string;
  [key: string]: unknown;
}

export interface BaresipOptions {
  user: string;
  password: string;
  displayName: string;
  domain: string;
  /** The proxy (registrar and outbound proxy): host:port. */
  proxyHost: string;
  proxyPort: number;
  transport: 'udp' | 'tcp';
  /** WAV played as the microphone (mono, 16 bit). */
  micWav: string;
  /** Local address baresip binds (SIP and RTP). */
  localHost?: string;
}

const BARESIP_MODULES = '/usr/lib/baresip/modules';

/** A free TCP port on host (the kernel picks it). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** True when nothing listens on host:port over TCP right now. */
function tcpPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A port for baresip's SIP: it listens for UDP and TCP on it and for TLS on the next one (which
 * it opens whatever the account uses), so both must be free.
 */
async function freeSipPort(host: string): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await freePort(host);
    if (port < 65535 && (await tcpPortFree(host, port + 1))) return port;
  }
  throw new Error('no two free ports in a row for baresip');
}

/**
 * A spoken sentence repeated to ~40 s, 8 kHz mono 16 bit (what PCMU carries), made with
 * espeak-ng and sox into `dir`.
 */
export function makeSpeechWav(dir: string, name: string, text: string): string {
  const raw = path.join(dir, `${name}-raw.wav`);
  const out = path.join(dir, `${name}.wav`);
  if (existsSync(out)) return out;
  execFileSync('espeak-ng', ['-s', '150', '-w', raw, text]);
  // repeat 7 = 8 times the sentence, then at 8 kHz, mono, 16 bit
  execFileSync('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', out, 'repeat', '7']);
  rmSync(raw, { force: true });
  return out;
}

/**
 * RMS amplitude (0..1) of a WAV file, as `sox FILE -n stat` reports it (on stderr). A recording
 * baresip is still writing has no lengths in its header yet: --ignore-length reads to the end.
 */
export function wavRms(file: string): number {
  const r = spawnSync('sox', ['--ignore-length', file, '-n', 'stat'], { encoding: 'utf8' });
  const m = /RMS\s+amplitude:\s+([\d.]+)/.exec(`${r.stdout}${r.stderr}`);
  return m ? Number(m[1]) : NaN;
}

export class Baresip {
  readonly events: BaresipEvent[] = [];
  private readonly waiters = new Set<{
    match: (e: BaresipEvent) => boolean;
    resolve: (e: BaresipEvent) => void;
  }>();
  private readonly pending = new Map<string, (r: { ok: boolean; data: string }) => void>();
  private buffer = Buffer.alloc(0);
  private tokens = 0;
  private log = '';
  private readonly logWaiters = new Set<() => void>();
  private exited: Promise<void>;

  private constructor(
    readonly opts: BaresipOptions,
    readonly dir: string,
    private readonly child: ChildProcess,
    private readonly socket: net.Socket,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const onLog = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString('utf8')).slice(-20000);
      for (const w of [...this.logWaiters]) w();
    };
    child.stdout?.on('data', onLog);
    child.stderr?.on('data', onLog);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  /** The AOR baresip registers. */
  get aor(): string {
    return `sip:${this.opts.user}@${this.opts.domain}`;
  }

  /** Its last log lines (for failure messages). */
  get logTail(): string {
    return this.log;
  }

  /** Starts baresip with its own config dir and waits until it is registered. */
  static async start(opts: BaresipOptions): Promise<Baresip> {
    const host = opts.localHost ?? '127.0.0.1';
    const dir = mkdtempSync(path.join(os.tmpdir(), `baresip-${opts.user}-`));
    const sipPort = await freeSipPort(host);
    let ctrlPort = await freePort(host);
    while (ctrlPort === sipPort || ctrlPort === sipPort + 1) ctrlPort = await freePort(host);
    const rtpBase = 20000 + Math.floor(Math.random() * 400) * 20;
    writeFileSync(
      path.join(dir, 'config'),
      [
        'poll_method epoll',
        `sip_listen ${host}:${sipPort}`,
        `net_interface ${host}`,
        `audio_source aufile,${opts.micWav}`,
        // the player only has to take the decoded audio: sndfile (an audio filter) already wrote it
        'audio_player aubridge,nowhere',
        'audio_alert aubridge,nowhere',
        'ausrc_srate 8000',
        'auplay_srate 8000',
        'ausrc_channels 1',
        'auplay_channels 1',
        `rtp_ports ${rtpBase}-${rtpBase + 19}`,
        'rtcp_mux no',
        'jitter_buffer_delay 1-10',
        `module_path ${BARESIP_MODULES}`,
        'module g711.so',
        'module aufile.so',
        'module aubridge.so',
        'module sndfile.so',
        'module_app account.so',
        'module_app menu.so',
        'module_app ctrl_tcp.so',
        `ctrl_tcp_listen ${host}:${ctrlPort}`,
        `snd_path ${dir}`,
        '',
      ].join('\n'),
    );
    // Plain RTP/AVP: no ICE (medianat), no DTLS/SRTP (mediaenc), PCMU only; manual answer.
    const proxy = `sip:${opts.proxyHost}:${opts.proxyPort};transport=${opts.transport}`;
    writeFileSync(
      path.join(dir, 'accounts'),
      `"${opts.displayName}" <sip:${opts.user}@${opts.domain};transport=${opts.transport}>` +
        `;auth_user=${opts.user};auth_pass=${opts.password};outbound="${proxy}"` +
        `;regint=600;answermode=manual;audio_codecs=PCMU;ptime=20\n`,
    );
    writeFileSync(path.join(dir, 'contacts'), '');
    const child = spawn('baresip', ['-f', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const collect = (chunk: Buffer) => (log += chunk.toString('utf8'));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    // ctrl_tcp listens once the modules are loaded: connect as soon as it accepts
    const socket = await connectWithin(host, ctrlPort, 10_000, child, () => log);
    child.stdout.off('data', collect);
    child.stderr.off('data', collect);
    const b = new Baresip(opts, dir, child, socket);
    b.log = log;
    // REGISTER_OK may have come before ctrl_tcp had a client: its log line says it as well
    // ("{0/UDP/v4} 200 OK ... [1 binding]").
    try {
      await Promise.race([
        b.waitFor('REGISTER_OK', 0, 15_000),
        b.waitForLog(/\{\d+\/(UDP|TCP)\/v4\} 200 OK/, 15_000),
      ]);
    } catch (error) {
      await b.stop();
      throw error;
    }
    return b;
  }

  /** Resolves once baresip's log (stdout/stderr) matches re. */
  waitForLog(re: RegExp, timeoutMs = 10_000): Promise<void> {
    if (re.test(this.log)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!re.test(this.log)) return;
        clearTimeout(timer);
        this.logWaiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.logWaiters.delete(check);
        reject(
          new Error(`baresip: log never matched ${re} within ${timeoutMs} ms:\n${this.log.slice(-4000)}`),
        );
      }, timeoutMs);
      this.logWaiters.add(check);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const len = Number(this.buffer.subarray(0, colon).toString('latin1'));
      if (this.buffer.length < colon + 1 + len + 1) return;
      const body = this.buffer.subarray(colon + 1, colon + 1 + len).toString('utf8');
      this.buffer = this.buffer.subarray(colon + 1 + len + 1);
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(body) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (msg.response === true && typeof msg.token === 'string') {
        this.pending.get(msg.token)?.({ ok: msg.ok === true, data: String(msg.data ?? '') });
        this.pending.delete(msg.token);
      } else if (msg.event === true) {
        const e = msg as BaresipEvent;
        this.events.push(e);
        for (const w of [...this.waiters]) {
          if (w.match(e)) {
            this.waiters.delete(w);
            w.resolve(e);
          }
        }
      }
    }
  }

  /** Sends a ctrl_tcp command (the menu's long names: dial, accept, hangup, hold, resume, ...). */
  command(command: string, params = ''): Promise<{ ok: boolean; data: string }> {
    const token = `t${++this.tokens}`;
    const json = JSON.stringify({ command, params, token });
    const len = Buffer.byteLength(json);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new Error(`baresip: no response to ${command} ${params}\n${this.log}`));
      }, 5000);
      this.pending.set(token, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.socket.write(`${len}:${json},`);
    });
  }

  /** Resolves with the first event (already seen since `since`, or later) that matches. */
  waitForEvent(match: (e: BaresipEvent) => boolean, timeoutMs = 10_000, since = 0): Promise<BaresipEvent> {
    const seen = this.events.slice(since).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (e: BaresipEvent) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `baresip: no matching event within ${timeoutMs} ms; events: ${this.events.map((e) => e.type).join(' ')}\n${this.log.slice(-4000)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits for an event of this type that happened at or after mark (an index into events). */
  waitFor(type: string, mark = 0, timeoutMs = 10_000): Promise<BaresipEvent> {
    return this.waitForEvent((e) => e.type === type, timeoutMs, mark);
  }

  /** Index for waitFor: only events from now on. */
  mark(): number {
    return this.events.length;
  }

  async dial(uri: string): Promise<void> {
    const r = await this.command('dial', uri);
    if (!r.ok) throw new Error(`baresip dial ${uri}: ${r.data}`);
  }

  async accept(): Promise<void> {
    const r = await this.command('accept');
    if (!r.ok) throw new Error(`baresip accept: ${r.data}`);
  }

  async hangup(): Promise<void> {
    await this.command('hangup');
  }

  /** The DTMF digits baresip received (RFC 4733 telephone-events), in order. */
  dtmfReceived(mark = 0): string {
    return this.events
      .slice(mark)
      .filter((e) => e.type === 'CALL_DTMF_START')
      .map((e) => String(e.param ?? ''))
      .join('');
  }

  /** The WAV files sndfile wrote with what baresip decoded (heard), newest last. */
  recordings(): string[] {
    return readdirSync(this.dir)
      .filter((f) => f.startsWith('dump-') && f.endsWith('-dec.wav'))
      .sort()
      .map((f) => path.join(this.dir, f));
  }

  /**
   * Seconds of audio baresip has sent in its current call so far: the length of sndfile's
   * recording of what it encoded (8 kHz mono 16 bit after the 44-byte WAV header).
   */
  sentSeconds(): number {
    const files = readdirSync(this.dir).filter((f) => f.startsWith('dump-') && f.endsWith('-enc.wav'));
    const newest = files.sort().at(-1);
    if (newest === undefined) return 0;
    return Math.max(0, statSync(path.join(this.dir, newest)).size - 44) / (8000 * 2);
  }

  async stop(): Promise<void> {
    this.socket.destroy();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function connectWithin(
  host: string,
  port: number,
  timeoutMs: number,
  child: ChildProcess,
  log: () => string,
): Promise<net.Socket> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`baresip exited (${child.exitCode}):\n${log()}`);
    const socket = await new Promise<net.Socket | null>((resolve) => {
      const s = net.connect({ host, port });
      s.once('connect', () => resolve(s));
      s.once('error', () => {
        s.destroy();
        resolve(null);
      });
    });
    if (socket) return socket;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`baresip ctrl_tcp did not listen on ${host}:${port}:\n${log()}`);
    }
    // the process is starting up; ask again shortly (polling a port, not sleeping on a guess)
    await new Promise((r) => setTimeout(r, 50));
  }
}
