/**
 * A Kamailio of its own with MS-EUMR routing to voicemail switched on
 * (LabConfig.voicemailDiversion), for the eumr-* specs: never the shared lab
 * of the run, whose default stays off. Ports 28xxx, apart from the shared lab
 * (15xxx), lab/smoke.ts (25xxx), the resilience labs (26xxx) and the bench
 * (27xxx).
 *
 * Dial plan `umphone-dialplan`: UM1 127.0.0.2 and UM2 127.0.0.3 (version 15,
 * tried in that order), and OLD 127.0.0.4 (version 14: never tried, MS-EUMR
 * 3.1.5 step 7).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { labPaths, resolveLabConfig, startLab, type LabConfig, type RunningLab } from '../../lab/lab';
import { startNotifier, type RunningNotifier } from '../../lab/notifier';
import { labUmTls, startUmServer, type RunningUm, type UmServerOptions } from '../../lab/um/server';
import type { CallLogEntry } from '../../lab/um/calllog';
import { digestAuthorization, parseDigestChallenge } from '../../src/protocol/http-digest';
import { E2E_LAB } from './e2e-config';
import { test } from './fixtures';
import { SipWsClient } from './sip-ws-client';
import { startUmPeer, type UmFinalAnswer, type UmPeer } from './um-peer';

export const EUMR_DIAL_PLAN = 'umphone-dialplan';

export interface EumrPorts {
  wsPort: number;
  wssPort: number;
  tcpPort: number;
  tlsPort: number;
  um1Port: number;
  um2Port: number;
  oldUmPort: number;
}

export function eumrPorts(offset = 0): EumrPorts {
  return {
    wsPort: 28066 + offset,
    wssPort: 28443 + offset,
    tcpPort: 28060 + offset,
    tlsPort: 28061 + offset,
    um1Port: 28071 + offset,
    um2Port: 28072 + offset,
    oldUmPort: 28073 + offset,
  };
}

export const UM1_ADDR = '127.0.0.2';
export const UM2_ADDR = '127.0.0.3';
export const OLD_UM_ADDR = '127.0.0.4';

function eumrLabName(tag: string): string {
  return `${tag}-${process.pid}`;
}

export function startEumrLab(tag: string, offset = 0, extra: Partial<LabConfig> = {}): Promise<RunningLab> {
  const p = eumrPorts(offset);
  return startLab({
    name: eumrLabName(tag),
    wsPort: p.wsPort,
    wssPort: p.wssPort,
    tcpPort: p.tcpPort,
    tlsPort: p.tlsPort,
    umAddr: UM1_ADDR,
    umPort: p.um1Port,
    domain: 'umphone.test',
    echoLog: false,
    voicemailDiversion: true,
    noAnswerSeconds: 3,
    umTimerSeconds: 2,
    dialPlans: [
      {
        name: EUMR_DIAL_PLAN,
        umServers: [
          { address: UM1_ADDR, port: p.um1Port, version: 15 },
          { address: UM2_ADDR, port: p.um2Port, version: 15 },
          { address: OLD_UM_ADDR, port: p.oldUmPort, version: 14 },
        ],
      },
    ],
    ...extra,
  });
}

/** A um-peer (SIP/TLS stand-in for a UM server) at `address:port` behind `lab`. */
export function umPeerAt(
  lab: RunningLab,
  address: string,
  port: number,
  inviteAnswer: UmFinalAnswer | null = { status: 200, reason: 'OK' },
): Promise<UmPeer> {
  return startUmPeer({
    host: address,
    port,
    proxy: { host: lab.config.host, port: lab.config.peerTlsPort },
    domain: lab.config.domain,
    cert: lab.paths.umCertFile,
    key: lab.paths.umKeyFile,
    ca: lab.paths.caFile,
    inviteAnswer,
  });
}

/** A registered (or not) SIP-over-WebSocket user of the lab. */
export async function wsUser(lab: RunningLab, name: string, register = true): Promise<SipWsClient> {
  const user = lab.users.find((u) => u.name === name);
  if (!user) throw new Error(`no lab user ${name}`);
  const client = await SipWsClient.connect({
    url: lab.wsUrl,
    user: user.name,
    password: user.password,
    domain: lab.config.domain,
  });
  if (register) {
    const { final } = await client.register();
    if (final.status !== 200) throw new Error(`REGISTER ${name}: ${final.status}`);
  }
  return client;
}

/** A minimal audio offer (the um-peer answers any SDP). */
export const SDP_OFFER = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 40000 RTP/AVP 0',
  '',
].join('\r\n');

/** The UM 2.2.2 Request-URI for a UM server whose FQDN is `fqdn` (in the lab: its address). */
export function umRequestUri(fqdn: string, dialPlan = EUMR_DIAL_PLAN): string {
  return `sip:${dialPlan}@${fqdn}:5061;transport=tls;maddr=${fqdn}`;
}

/**
 * The UM emulator (lab/um: real SIP/TLS, audio, mailboxes, web API on a free port) at
 * `address:port` behind `lab`, with mailboxes in a directory of its own that `stop()` removes.
 */
export async function startUmAt(
  lab: RunningLab,
  address: string,
  port: number,
  options: Partial<UmServerOptions> = {},
): Promise<RunningUm> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'um-eumr-'));
  const um = await startUmServer({
    sipHost: address,
    sipPort: port,
    proxyHost: lab.config.host,
    proxyTlsPort: lab.config.peerTlsPort,
    domain: lab.config.domain,
    ...labUmTls(lab.paths),
    dataDir,
    httpPort: 0,
    log: () => undefined,
    ...options,
  });
  const stop = um.stop.bind(um);
  return Object.assign(um, {
    async stop() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/**
 * The UM emulator at the shared e2e lab's voicemail address (global-setup's lab, routing to
 * voicemail off), with its mailboxes in `dataDir`, which the caller owns.
 */
export function startSharedLabUm(
  dataDir: string,
  options: Partial<UmServerOptions> = {},
): Promise<RunningUm> {
  const certFile = process.env.UM_E2E_CERT;
  const keyFile = process.env.UM_E2E_KEY;
  const caFile = process.env.UM_E2E_CA;
  if (!certFile || !keyFile || !caFile) throw new Error('globalSetup did not run');
  return startUmServer({
    sipHost: E2E_LAB.umAddr,
    sipPort: E2E_LAB.umPort,
    proxyHost: '127.0.0.1',
    proxyTlsPort: E2E_LAB.peerTlsPort,
    domain: E2E_LAB.domain,
    certFile,
    keyFile,
    caFile,
    dataDir,
    httpPort: E2E_LAB.umHttpPort,
    log: () => undefined,
    ...options,
  });
}

/** The shared lab's voicemail server of one spec file (sharedLabUmForFile). */
export interface SharedLabUm {
  /** Its mailboxes' directory (a fresh temporary one), set once the file's tests start. */
  readonly dataDir: string;
  /** Stops the server and starts it again on the same mailboxes. */
  restart(): Promise<RunningUm>;
}

/**
 * The shared lab's voicemail server for the tests of one spec file, with its mailboxes in a fresh
 * temporary directory: started before the file's tests (test.beforeAll), stopped and its directory
 * removed after them (test.afterAll). `started` receives the server each time it starts.
 */
export function sharedLabUmForFile(
  tag: string,
  started: (um: RunningUm) => void,
  options: Partial<UmServerOptions> = {},
): SharedLabUm {
  let dataDir = '';
  let um: RunningUm | undefined;
  const start = async () => {
    um = await startSharedLabUm(dataDir, options);
    started(um);
    return um;
  };
  test.beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), `um-${tag}-`));
    await start();
  });
  test.afterAll(async () => {
    await um?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get dataDir() {
      return dataDir;
    },
    async restart() {
      await um?.stop();
      return start();
    },
  };
}

/** `server`'s log entry for the next call of `kind` into `mailbox` (from entry `after` on), once `ready` holds. */
export function nextUmCall(
  server: RunningUm,
  after: number,
  kind: CallLogEntry['kind'],
  mailbox: string,
  ready: (e: CallLogEntry) => boolean = () => true,
  timeoutMs = 20_000,
) {
  return server.callLog.waitFor(
    (e) => server.callLog.entries.indexOf(e) >= after && e.kind === kind && e.mailbox === mailbox && ready(e),
    timeoutMs,
  );
}

export interface NotifyingLab {
  notifier: RunningNotifier;
  lab: RunningLab;
  /** The UM emulator as UM1, the first server of the dial plan. */
  um: RunningUm;
  stop(): Promise<void>;
}

/**
 * An MS-EUMR lab with user notifications (3.2): the notifier sidecar, a Kamailio that reports
 * to it (`startEumrLab` with `dialPlans`), and the UM emulator as UM1. The notifier and the lab
 * get the same dial plans (the lab needs the notifier's port, the notifier the lab's plans).
 */
export async function startNotifyingLab(
  tag: string,
  offset: number,
  options: {
    dialPlans: LabConfig['dialPlans'];
    lab?: Partial<LabConfig>;
    um?: Partial<UmServerOptions>;
    inactivityMs?: number;
  },
): Promise<NotifyingLab> {
  const { dialPlans } = options;
  // The notifier speaks to the UM as the proxy: the lab's proxy certificate (made by startLab below).
  const paths = labPaths(resolveLabConfig({ name: eumrLabName(tag) }));
  const notifier = await startNotifier({
    lab: { host: '127.0.0.1', domain: 'umphone.test', dialPlans, userDialPlans: {} },
    tls: { certFile: paths.certFile, keyFile: paths.keyFile, caFile: paths.caFile },
    inactivityMs: options.inactivityMs,
    log: () => undefined,
  });
  const lab = await startEumrLab(tag, offset, {
    dialPlans,
    notifierPort: notifier.port,
    notifierSecret: notifier.secret,
    ...options.lab,
  });
  const um = await startUmAt(lab, UM1_ADDR, eumrPorts(offset).um1Port, options.um);
  return {
    notifier,
    lab,
    um,
    async stop() {
      await notifier.stop();
      await um.stop();
      await lab.stop();
    },
  };
}

/** `user`'s own notifications from the UM's web API (what their phone reads), newest first. */
export async function notificationsOverHttp(
  um: RunningUm,
  user: string,
  password: string,
): Promise<Array<Record<string, unknown>>> {
  const target = '/um/notifications';
  const challenge = parseDigestChallenge((await fetch(um.httpUrl + target)).headers.get('www-authenticate'));
  if (!challenge) throw new Error('the UM web API sent no digest challenge');
  const authorization = digestAuthorization(challenge, { username: user, password }, 'GET', target, 'c0ffee');
  const res = await fetch(um.httpUrl + target, { headers: { Authorization: authorization } });
  if (res.status !== 200) throw new Error(`GET ${target} as ${user}: ${res.status}`);
  return ((await res.json()) as { notifications: Array<Record<string, unknown>> }).notifications;
}
