/**
 * The lab's media relay: rtpengine (Debian `rtpengine-daemon`) in user space (`--table=-1`,
 * no kernel module), one per lab instance, started before Kamailio (its rtpengine module
 * disables a relay that does not answer at startup) and stopped after it.
 *
 * Kamailio talks to it over the "ng" control protocol (bencoded dictionaries over UDP, a
 * cookie before each message); readiness is its answer to `ping`, never a fixed sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import dgram from 'node:dgram';

export interface MediaRelayOptions {
  bin: string;
  /** Address for RTP and for the control port (loopback in the lab). */
  host: string;
  /** Control (ng) port; 0 = a free UDP port picked here. */
  ngPort: number;
  portMin: number;
  portMax: number;
  logFile: string;
  pidFile: string;
  cwd: string;
  /** Start through `setpriv --pdeathsig SIGTERM` (the relay dies with this process). */
  useSetpriv: boolean;
  echoLog: boolean;
  startTimeoutMs: number;
}

export interface MediaRelay {
  readonly pid: number;
  readonly ngPort: number;
  /** SIGTERM, SIGKILL of its process group after 3 s; idempotent. */
  stop(): Promise<void>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A UDP port nobody holds right now (the kernel picks it). */
export function freeUdpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** One ng `ping` (bencode `d7:command4:pinge`): true when rtpengine answers `pong`. */
export function pingRelay(host: string, port: number, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const cookie = `lab${process.pid}${Date.now()}`;
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('error', () => done(false));
    socket.on('message', (msg) => {
      const text = msg.toString('latin1');
      if (text.startsWith(`${cookie} `)) done(text.includes('4:pong'));
    });
    socket.send(`${cookie} d7:command4:pinge`, port, host);
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startMediaRelay(o: MediaRelayOptions): Promise<MediaRelay> {
  const ngPort = o.ngPort || (await freeUdpPort(o.host));
  const args = [
    '--config-file=none', // not /etc/rtpengine/rtpengine.conf: everything is given here
    '--table=-1', // user space only, no kernel forwarding module
    `--interface=${o.host}`,
    `--listen-ng=${o.host}:${ngPort}`,
    `--port-min=${o.portMin}`,
    `--port-max=${o.portMax}`,
    `--pidfile=${o.pidFile}`,
    '--foreground',
    '--log-stderr',
    '--log-level=6',
    // a call whose end the proxy never saw is dropped after a minute without media
    '--timeout=60',
    '--delete-delay=0',
    // One worker thread. With the default (one per core) the DTLS handshake with werift (the
    // voicemail emulator's WebRTC stack, which sends each handshake record of a flight in its own
    // datagram) stalled in about half the calls under load: rtpengine accepted werift's
    // certificate but never sent its Finished, and werift gave up after retransmitting flight 5.
    // Measured on the e2e journey: 1-4 of 5 failed with the default, 6 of 6 and more passed with
    // one thread (datagrams of one flight handled in order, RFC 6347 4.2.4). Browsers were
    // never affected. A lab relays a handful of calls: one thread is plenty.
    '--num-threads=1',
  ];
  const [file, argv] = o.useSetpriv
    ? ['setpriv', ['--pdeathsig', 'SIGTERM', '--', o.bin, ...args]]
    : [o.bin, args];
  const log = createWriteStream(o.logFile, { flags: 'a' });
  let tail = '';
  const child = spawn(file, argv, { cwd: o.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-4000);
    if (o.echoLog) process.stderr.write(chunk);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  running.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const proc of running) signal(proc, 'SIGTERM');
    });
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        signal(child, 'SIGTERM');
        const timedOut = await Promise.race([exited.then(() => false), delay(3000).then(() => true)]);
        if (timedOut) signal(child, 'SIGKILL');
        await exited;
      }
      await new Promise<void>((resolve) => log.end(() => resolve()));
    })());

  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + o.startTimeoutMs;
  for (;;) {
    if (gone) {
      await stop();
      throw new Error(`rtpengine exited during startup:\n${tail.trim()}`);
    }
    if (await pingRelay(o.host, ngPort)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `rtpengine did not answer ping on ${o.host}:${ngPort} within ${o.startTimeoutMs} ms:\n${tail}`,
      );
    }
    await delay(30);
  }
  return { pid: child.pid ?? 0, ngPort, stop };
}

/** To the whole process group (setpriv execs rtpengine, which forks threads only). */
function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    // gone
  }
}
