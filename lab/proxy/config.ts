/**
 * The lab proxy's configuration: what can be set (LabConfig), the demo defaults, the
 * environment overrides (LAB_*) and the validation every value passes before it reaches a
 * Kamailio define or a generated include.
 */
import path from 'node:path';
import { parseCallForwarding, type CallForwardingConfig } from '../call-forwarding';
import {
  DEFAULT_DIAL_PLAN,
  parseUmServers,
  validateDialPlans,
  type DialPlanConfig,
} from '../voicemail-routing';
import { PROJECT_DIR } from './dirs';

export interface LabConfig {
  /** Instance name; the default runtime dir is lab/run/<name>. */
  name: string;
  /** Address all listeners bind to (loopback). */
  host: string;
  /** SIP over WebSocket (ws://host:wsPort). */
  wsPort: number;
  /** SIP over secure WebSocket (wss://host:wssPort). */
  wssPort: number;
  /** SIP over TCP (and UDP, same port). */
  tcpPort: number;
  /** SIP over TLS for clients (phones); no certificate asked of them. */
  tlsPort: number;
  /**
   * SIP over TLS for the lab's servers: the voicemail servers and the other cluster node connect
   * here, and every relay to one of them leaves from here. A certificate of the lab CA is required
   * (tls.cfg), so no connection to or from this port can be a stranger's (SECURITY.md). Unless
   * set, tlsPort + 1.
   */
  peerTlsPort: number;
  /** SIP domain and digest realm. */
  domain: string;
  /** Fixed address of the trusted UM peer (it connects from here and listens here). */
  umAddr: string;
  /** TLS port the UM peer listens on. */
  umPort: number;
  /** Runtime dir (absolute, or relative to the project). */
  runDir: string;
  /** Users file (absolute, or relative to the project). */
  usersFile: string;
  /** Kamailio binary. */
  kamailioBin: string;
  /** Kamailio `debug` level (2 = notice/info, 3 = debug). */
  debugLevel: number;
  /** How long to wait for the WS listener to answer. */
  startTimeoutMs: number;
  /** Also copy Kamailio's log to this process's stderr. */
  echoLog: boolean;
  /** Keep the runtime dir (and its kamailio.log) after stop(). */
  keepRunDir: boolean;
  /**
   * MS-EUMR 3.1 routing to voicemail: unanswered calls (no registration,
   * 480/486/603, no answer within noAnswerSeconds) go to a UM server of the
   * called user's dial plan, and `;opaque=app:voicemail` INVITEs are sent in
   * the 3.1.5 form. Off by default (existing labs keep their behaviour).
   */
  voicemailDiversion: boolean;
  /** Ringing time before an unanswered call goes to voicemail. Default 20 s. */
  noAnswerSeconds: number;
  /** MS-EUMR 3.1.2 UM server timer: under 180 s, recommended 5 s. */
  umTimerSeconds: number;
  /**
   * Dial plans and their UM servers (MS-EUMR 3.1.1). Empty (default): one
   * plan `umphone-dialplan` (or LAB_DIAL_PLAN) whose only UM is umAddr:umPort.
   */
  dialPlans: readonly DialPlanConfig[];
  /** user → dial plan name ('' = not UM-enabled). Users not listed: the first dial plan. */
  userDialPlans: Readonly<Record<string, string>>;
  /** GRUU (SIP URI) of an A/V edge server for Ms-Mras-Address (MS-EUMR 2.2.1); '' = none. */
  avEdgeServer: string;
  /**
   * MS-EUMR 3.2: TCP port on `host` of the notifier sidecar (lab/notifier.ts) that the proxy
   * reports missed calls of UM-enabled users to; 0 (default) = no user notifications.
   */
  notifierPort: number;
  /**
   * The notifier's shared secret (required with `notifierPort`): Kamailio puts it into every
   * call event it sends to the notifier, which refuses a MESSAGE without it. Random per lab start:
   * `startNotifier` makes one (`notifier.secret`) unless given one. It reaches Kamailio through
   * the generated include (mode 0600), never its command line, which any local user can read.
   */
  notifierSecret: string;
  /** Address the notifier listens on ('' = `host`); a cluster's nodes report to one notifier. */
  notifierHost: string;
  /**
   * Call forwarding (lab/call-forwarding.ts): user → target, a lab user name or
   * `sip:user@<domain>`. Immediate forwarding, decided in kamailio.cfg route[FORWARD];
   * changeable at run time with RunningLab.setCallForwarding. Default: none.
   */
  callForwarding: CallForwardingConfig;
  /**
   * Media relay (rtpengine in user space, `--table=-1`): Kamailio bridges WebRTC (ICE,
   * DTLS-SRTP, rtcp-mux, AVPF) to plain RTP/AVP for SIP phones and trunks and back
   * (kamailio.cfg route[MEDIA_*]). Browser<->browser and voicemail-server calls stay peer to
   * peer. Default on; LAB_MEDIA_RELAY=0 turns it off.
   */
  mediaRelay: boolean;
  /** rtpengine's control (ng) port on `host`, UDP; 0 (default) = a free port picked at start. */
  mediaRelayNgPort: number;
  /** The RTP/RTCP ports rtpengine may use on `host`. */
  mediaRelayPortMin: number;
  mediaRelayPortMax: number;
  /** rtpengine binary. */
  rtpengineBin: string;
  /**
   * Cluster (lab/cluster.ts): the other node's address ('' = a single proxy, the default). Both
   * nodes listen on the same ports, each on its own `host`, replicate registrations, dialog ends
   * and presence over DMQ, and accept each other by the proxy certificate (mutual TLS).
   */
  clusterPeer: string;
  /** Where the lab CA and certificates live ('' = <runDir>/certs); a cluster's nodes share one. */
  certDir: string;
}

const env = process.env;

/** Demo defaults (ports also from env: see labConfigFromEnv). */
export const DEFAULT_LAB_CONFIG: Readonly<LabConfig> = Object.freeze({
  name: 'default',
  host: '127.0.0.1',
  wsPort: 5066,
  wssPort: 7443,
  tcpPort: 5060,
  tlsPort: 5061,
  peerTlsPort: 5062,
  domain: 'umphone.test',
  umAddr: '127.0.0.2',
  umPort: 5071,
  runDir: path.join('lab', 'run', 'default'),
  usersFile: path.join('lab', 'users.conf'),
  kamailioBin: 'kamailio',
  debugLevel: 2,
  startTimeoutMs: 10000,
  echoLog: false,
  keepRunDir: false,
  voicemailDiversion: false,
  noAnswerSeconds: 20,
  umTimerSeconds: 5,
  dialPlans: [],
  userDialPlans: {},
  avEdgeServer: '',
  notifierPort: 0,
  notifierSecret: '',
  notifierHost: '',
  callForwarding: {},
  mediaRelay: true,
  mediaRelayNgPort: 0,
  mediaRelayPortMin: 30000,
  mediaRelayPortMax: 39999,
  rtpengineBin: 'rtpengine',
  clusterPeer: '',
  certDir: '',
});

function envInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/**
 * Overrides from the environment: LAB_NAME, LAB_WS_PORT, LAB_WSS_PORT,
 * LAB_TCP_PORT, LAB_TLS_PORT, LAB_PEER_TLS_PORT, LAB_DOMAIN, LAB_UM_ADDR, LAB_UM_PORT,
 * LAB_RUN_DIR, LAB_USERS_FILE, LAB_DEBUG, LAB_KEEP_RUN=1; voicemail routing:
 * LAB_VOICEMAIL_DIVERSION=1|0, LAB_NO_ANSWER_SECONDS, LAB_UM_TIMER_SECONDS,
 * LAB_DIAL_PLAN (name of the single dial plan), LAB_UM_SERVERS
 * (`addr:port[@version],...`, its UM servers), LAB_AV_EDGE (SIP URI); LAB_CALL_FORWARDING
 * (`user=target,...`); LAB_MEDIA_RELAY=1|0, LAB_MEDIA_RELAY_NG_PORT (rtpengine).
 */
export function labConfigFromEnv(source: NodeJS.ProcessEnv = env): Partial<LabConfig> {
  const out: Partial<LabConfig> = {};
  const set = <K extends keyof LabConfig>(key: K, value: LabConfig[K] | undefined): void => {
    if (value !== undefined && value !== '') out[key] = value;
  };
  set('name', source.LAB_NAME);
  set('wsPort', envInt(source.LAB_WS_PORT, 'LAB_WS_PORT'));
  set('wssPort', envInt(source.LAB_WSS_PORT, 'LAB_WSS_PORT'));
  set('tcpPort', envInt(source.LAB_TCP_PORT, 'LAB_TCP_PORT'));
  set('tlsPort', envInt(source.LAB_TLS_PORT, 'LAB_TLS_PORT'));
  set('peerTlsPort', envInt(source.LAB_PEER_TLS_PORT, 'LAB_PEER_TLS_PORT'));
  set('domain', source.LAB_DOMAIN);
  set('umAddr', source.LAB_UM_ADDR);
  set('umPort', envInt(source.LAB_UM_PORT, 'LAB_UM_PORT'));
  set('runDir', source.LAB_RUN_DIR);
  set('usersFile', source.LAB_USERS_FILE);
  set('debugLevel', envInt(source.LAB_DEBUG, 'LAB_DEBUG'));
  if (source.LAB_KEEP_RUN === '1') out.keepRunDir = true;
  if (source.LAB_VOICEMAIL_DIVERSION === '1') out.voicemailDiversion = true;
  if (source.LAB_VOICEMAIL_DIVERSION === '0') out.voicemailDiversion = false;
  set('noAnswerSeconds', envInt(source.LAB_NO_ANSWER_SECONDS, 'LAB_NO_ANSWER_SECONDS'));
  set('umTimerSeconds', envInt(source.LAB_UM_TIMER_SECONDS, 'LAB_UM_TIMER_SECONDS'));
  if (source.LAB_DIAL_PLAN || source.LAB_UM_SERVERS) {
    const servers = source.LAB_UM_SERVERS ? parseUmServers(source.LAB_UM_SERVERS) : [];
    // Without LAB_UM_SERVERS the plan's UM is umAddr:umPort (filled in by resolveLabConfig).
    out.dialPlans = [{ name: source.LAB_DIAL_PLAN || DEFAULT_DIAL_PLAN, umServers: servers }];
  }
  set('avEdgeServer', source.LAB_AV_EDGE);
  set('notifierPort', envInt(source.LAB_NOTIFIER_PORT, 'LAB_NOTIFIER_PORT'));
  set('notifierSecret', source.LAB_NOTIFIER_SECRET);
  if (source.LAB_CALL_FORWARDING) out.callForwarding = parseCallForwarding(source.LAB_CALL_FORWARDING);
  if (source.LAB_MEDIA_RELAY === '1') out.mediaRelay = true;
  if (source.LAB_MEDIA_RELAY === '0') out.mediaRelay = false;
  set('mediaRelayNgPort', envInt(source.LAB_MEDIA_RELAY_NG_PORT, 'LAB_MEDIA_RELAY_NG_PORT'));
  return out;
}

/** Defaults ← environment ← explicit options; validated, paths made absolute. */
export function resolveLabConfig(opts: Partial<LabConfig> = {}): LabConfig {
  const fromEnv = labConfigFromEnv();
  const merged: LabConfig = { ...DEFAULT_LAB_CONFIG, ...fromEnv, ...stripUndefined(opts) };
  // The servers' port follows the clients' unless it is set itself: a tlsPort given in code (a
  // test's or the bench's lab) is never paired with LAB_PEER_TLS_PORT from the environment.
  merged.peerTlsPort =
    opts.peerTlsPort ??
    (opts.tlsPort !== undefined ? opts.tlsPort + 1 : (fromEnv.peerTlsPort ?? merged.tlsPort + 1));
  if (opts.runDir === undefined && env.LAB_RUN_DIR === undefined) {
    merged.runDir = path.join('lab', 'run', merged.name);
  }
  merged.runDir = path.resolve(PROJECT_DIR, merged.runDir);
  merged.usersFile = path.resolve(PROJECT_DIR, merged.usersFile);
  if (merged.certDir !== '') merged.certDir = path.resolve(PROJECT_DIR, merged.certDir);
  merged.domain = merged.domain.toLowerCase();
  // The single UM of the lab, unless dial plans name their own servers.
  const single = [{ address: merged.umAddr, port: merged.umPort, version: 1 }];
  merged.dialPlans =
    merged.dialPlans.length === 0
      ? [{ name: DEFAULT_DIAL_PLAN, umServers: single }]
      : merged.dialPlans.map((p) => (p.umServers.length === 0 ? { ...p, umServers: single } : p));
  validateConfig(merged);
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function validateConfig(c: LabConfig): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(c.name))
    throw new Error(`bad lab name ${JSON.stringify(c.name)}`);
  if (!IPV4.test(c.host)) throw new Error(`host must be an IPv4 address, got ${JSON.stringify(c.host)}`);
  if (!IPV4.test(c.umAddr))
    throw new Error(`umAddr must be an IPv4 address, got ${JSON.stringify(c.umAddr)}`);
  if (!DOMAIN.test(c.domain)) throw new Error(`bad domain ${JSON.stringify(c.domain)}`);
  const ports = {
    wsPort: c.wsPort,
    wssPort: c.wssPort,
    tcpPort: c.tcpPort,
    tlsPort: c.tlsPort,
    peerTlsPort: c.peerTlsPort,
    umPort: c.umPort,
    ...(c.notifierPort !== 0 ? { notifierPort: c.notifierPort } : {}),
  };
  for (const [key, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(`${key} must be 1-65535, got ${port}`);
  }
  const own = [c.wsPort, c.wssPort, c.tcpPort, c.tlsPort, c.peerTlsPort];
  if (new Set(own).size !== own.length) throw new Error(`lab ports must differ: ${own.join(', ')}`);
  if (c.umAddr === c.host && own.includes(c.umPort))
    throw new Error(`umPort ${c.umPort} clashes with a lab port`);
  if (!Number.isInteger(c.debugLevel) || c.debugLevel < -5 || c.debugLevel > 5)
    throw new Error('debugLevel: -5..5');
  if (/["\s]/.test(c.runDir)) throw new Error(`runDir must not contain quotes or spaces: ${c.runDir}`);
  if (/["\s]/.test(c.certDir) || (c.certDir !== '' && path.basename(c.certDir) !== 'certs'))
    throw new Error(`certDir must be a directory named certs, without quotes or spaces: ${c.certDir}`);
  if (c.notifierHost !== '' && !IPV4.test(c.notifierHost))
    throw new Error(`notifierHost must be an IPv4 address, got ${JSON.stringify(c.notifierHost)}`);
  if (c.clusterPeer !== '' && (!IPV4.test(c.clusterPeer) || c.clusterPeer === c.host))
    throw new Error(
      `clusterPeer must be the other node's IPv4 address, got ${JSON.stringify(c.clusterPeer)}`,
    );
  if (!Number.isInteger(c.noAnswerSeconds) || c.noAnswerSeconds < 1 || c.noAnswerSeconds > 600)
    throw new Error(`noAnswerSeconds: 1-600, got ${c.noAnswerSeconds}`);
  // MS-EUMR 3.1.2: the UM server timer MUST be less than 180 seconds.
  if (!(c.umTimerSeconds > 0 && c.umTimerSeconds < 180))
    throw new Error(`umTimerSeconds must be above 0 and under 180 (MS-EUMR 3.1.2), got ${c.umTimerSeconds}`);
  if (c.avEdgeServer !== '' && !/^sips?:[A-Za-z0-9._~@:;=+-]+$/.test(c.avEdgeServer))
    throw new Error(`avEdgeServer must be a plain SIP URI, got ${JSON.stringify(c.avEdgeServer)}`);
  validateDialPlans(c.dialPlans, c.userDialPlans);
  if (!Number.isInteger(c.mediaRelayNgPort) || c.mediaRelayNgPort < 0 || c.mediaRelayNgPort > 65535)
    throw new Error(`mediaRelayNgPort must be 0-65535, got ${c.mediaRelayNgPort}`);
  if (
    !Number.isInteger(c.mediaRelayPortMin) ||
    !Number.isInteger(c.mediaRelayPortMax) ||
    c.mediaRelayPortMin < 1024 ||
    c.mediaRelayPortMax > 65535 ||
    c.mediaRelayPortMax - c.mediaRelayPortMin < 10
  )
    throw new Error(`mediaRelayPortMin/Max: 1024-65535, at least 10 apart`);
  if (c.notifierPort !== 0 && !NOTIFIER_SECRET_RE.test(c.notifierSecret))
    throw new Error(
      'notifierSecret (notifier.secret, 32-128 letters, digits, - or _) is required with notifierPort',
    );
}

/** The notifier's shared secret: safe inside a Kamailio string, long enough not to be guessed. */
const NOTIFIER_SECRET_RE = /^[A-Za-z0-9_-]{32,128}$/;
