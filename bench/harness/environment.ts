/**
 * What the timing figures (2 to 9) run against: the lab (Kamailio, the voicemail server with one
 * message in bob's mailbox, the UM test peer), a STUN server that never answers, the static server
 * and one headless Chromium. Everything started here is stopped by the harness's cleanups.
 */
import dgram from 'node:dgram';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startLab, labUsers, type LabUser, type RunningLab } from '../../lab/lab';
import { labUmTls, startUmServer } from '../../lab/um/server';
import { MailboxStore } from '../../lab/um/mailbox/store';
import { startUmPeer, type UmPeer } from '../../e2e/support/um-peer';
import { CHROMIUM_PATH } from '../../e2e/support/chromium';
import { CHROMIUM_ARGS, HOST, PORTS, ROOT } from './config';
import { embedHostPage, serve } from './serve';
import { spaSignIn, type SpaSettings } from './browser';

export type Cleanup = () => Promise<unknown> | unknown;

export interface BenchEnv {
  browser: Browser;
  lab: RunningLab;
  alice: LabUser;
  bob: LabUser;
  /** The voicemail server's web API (bob's voicemail panel). */
  umHttpUrl: string;
  /** Plays the voicemail server for Play-On-Phone INVITEs (figures 3, 8). */
  peer: UmPeer;
  /** `stun:` URL of a server that swallows every packet (figure 5). */
  deadStun: string;
  /** Packets the dead STUN server has received so far. */
  stunPackets(): number;
  aliceSettings: SpaSettings;
  bobSettings: SpaSettings;
  /** Lines the voicemail server logged with "error" or "fail" in them. */
  umErrors: string[];
  /** Runs `cleanup` when the bench ends, before what was started earlier. */
  onCleanup(cleanup: Cleanup): void;
  /** A registered SPA page left idle by figure 4, for figure 7. */
  idlePage?: Page;
}

/** Starts the lab, the voicemail server, the UM peer, the dead STUN server, the static server of `out` and Chromium. */
export async function startBenchEnv(out: string, umData: string, cleanups: Cleanup[]): Promise<BenchEnv> {
  const onCleanup = (cleanup: Cleanup) => void cleanups.unshift(cleanup);
  // The lab: Kamailio, the voicemail server (one message in bob's mailbox), the UM test peer.
  const lab = await startLab({
    name: `bench-${process.pid}`,
    wsPort: PORTS.ws,
    wssPort: PORTS.wss,
    tcpPort: PORTS.tcp,
    tlsPort: PORTS.tls,
    umPort: PORTS.um,
    echoLog: false,
  });
  onCleanup(() => lab.stop());
  const users = Object.fromEntries(labUsers(undefined, lab.config.domain).map((u) => [u.name, u]));
  const alice = users.alice!;
  const bob = users.bob!;
  const seed = await MailboxStore.open(path.join(umData, 'mailboxes'), Object.keys(users), () => undefined);
  await seed.add('bob', {
    caller: alice.aor,
    callerName: alice.displayName,
    receivedAt: new Date(),
    subject: 'Benchmark message',
    priority: 'normal',
    audio: Buffer.alloc(8000 * 8, 0x7e), // 8 s of a quiet, non-silent tone
  });
  await seed.flush();
  const umErrors: string[] = [];
  const um = await startUmServer({
    sipHost: lab.config.umAddr,
    sipPort: PORTS.um,
    proxyHost: HOST,
    proxyTlsPort: lab.config.peerTlsPort,
    domain: lab.config.domain,
    ...labUmTls(lab.paths),
    dataDir: umData,
    promptsDir: path.join(ROOT, 'lab', 'run', 'bench-um-prompts'),
    httpHost: HOST,
    httpPort: PORTS.umHttp,
    log: (line) => {
      if (/error|fail/i.test(line)) umErrors.push(line);
    },
  });
  onCleanup(() => um.stop());
  const peer = await startUmPeer({
    host: lab.config.umAddr,
    port: 0,
    proxy: { host: HOST, port: lab.config.peerTlsPort },
    domain: lab.config.domain,
    // Mutual TLS (lab/scripts/certs.sh): the peer is the voicemail server, with the UM's certificate.
    cert: lab.paths.umCertFile,
    key: lab.paths.umKeyFile,
    ca: lab.paths.caFile,
  });
  onCleanup(() => peer.close());
  // A STUN server that never answers: a UDP socket on loopback that swallows what it gets.
  let stunPackets = 0;
  const blackhole = dgram.createSocket('udp4');
  blackhole.on('message', () => stunPackets++);
  await new Promise<void>((resolve) => blackhole.bind(PORTS.stun, HOST, resolve));
  onCleanup(() => new Promise<void>((r) => blackhole.close(() => r())));
  const deadStun = `stun:${HOST}:${PORTS.stun}`;

  const hostPage = embedHostPage(lab.wsUrl, alice.aor);
  const server = await serve(out, { '/bench-embed.html': hostPage, '/b/bench-embed.html': hostPage });
  onCleanup(() => new Promise<void>((r) => server.close(() => r())));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  onCleanup(() => browser.close());

  return {
    browser,
    lab,
    alice,
    bob,
    umHttpUrl: um.httpUrl,
    peer,
    deadStun,
    stunPackets: () => stunPackets,
    aliceSettings: {
      serverUrl: lab.wsUrl,
      aor: alice.aor,
      displayName: alice.displayName,
    },
    bobSettings: {
      serverUrl: lab.wsUrl,
      aor: bob.aor,
      displayName: bob.displayName,
      voicemailApiUrl: um.httpUrl,
    },
    umErrors,
    onCleanup,
  };
}

/**
 * Bob's phone for figures 3 and 8: a fresh page each (figure 8's first burst is then the page's
 * first ring ever, the worst case), and only one registered at a time (INVITEs fork to all).
 */
export async function freshBobPage(env: BenchEnv): Promise<Page> {
  const b = await spaSignIn(env.browser, env.bobSettings, env.bob);
  env.onCleanup(() => b.context.close());
  return b.page;
}

/** Opens the peer's TLS connection to the proxy first: the INVITEs of figures 3 and 8 then go out at once. */
export async function warmUpPeer(env: BenchEnv): Promise<void> {
  await env.peer
    .sendRequest('OPTIONS', { uri: `sip:${env.lab.config.domain}` })
    .waitForFinal()
    .catch(() => undefined);
}
