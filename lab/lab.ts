/**
 * Start and stop the lab SIP proxy (Kamailio) from Node: tests, the e2e
 * harness and `lab/start.sh` all go through `startLab()`.
 *
 * Each instance gets its own runtime dir (default `lab/run/<name>`) holding
 * the generated files (users include, tls.cfg, certificate), the pid file, the
 * ctl socket and `kamailio.log`. `stop()` removes it again.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  rmdirSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  forwardingIncludeLines,
  forwardingRpcArgs,
  forwardingTargetUri,
  parseCallForwarding,
  resolveCallForwarding,
  type CallForwardingConfig,
} from './call-forwarding';
import {
  DEFAULT_DIAL_PLAN,
  parseUmServers,
  validateDialPlans,
  voicemailIncludeLines,
  type DialPlanConfig,
} from './voicemail-routing';
import { startMediaRelay, type MediaRelay } from './media-relay';

export type { DialPlanConfig, UmServerEntry } from './voicemail-routing';

const LAB_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_DIR = path.dirname(LAB_DIR);

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
  /** SIP over TLS; the UM peer connects here. */
  tlsPort: number;
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
}

export interface LabUser {
  name: string;
  password: string;
  displayName: string;
  pin: string;
  /** sip:name@domain */
  aor: string;
}

export interface LabPaths {
  runDir: string;
  /** The Kamailio config (lab/kamailio/kamailio.cfg, not copied). */
  cfg: string;
  tlsCfg: string;
  usersCfg: string;
  /** The proxy's certificate and key (Kamailio's TLS/WSS listeners; its client certificate towards the UM). */
  certFile: string;
  keyFile: string;
  /** The lab CA (lab/scripts/certs.sh): the only issuer either side of the proxy <-> UM link trusts. */
  caFile: string;
  /** The voicemail (UM) server's certificate and key, issued by the lab CA (CN um.<domain>). */
  umCertFile: string;
  umKeyFile: string;
  logFile: string;
  pidFile: string;
  ctlSocket: string;
  /** rtpengine's log and pid file (with `mediaRelay`). */
  relayLogFile: string;
  relayPidFile: string;
}

export interface RunningLab {
  readonly config: LabConfig;
  readonly paths: LabPaths;
  readonly users: LabUser[];
  /** ws://host:wsPort and wss://host:wssPort */
  readonly wsUrl: string;
  readonly wssUrl: string;
  /** pid of Kamailio's main process (changes on restart()). */
  readonly pid: number;
  /** Resolves when the current Kamailio process has exited (code or signal). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, wait, SIGKILL the process group if needed, then remove the runtime dir. Idempotent. */
  stop(): Promise<void>;
  /** Sends a signal to Kamailio's whole process group (default SIGKILL: simulates a crash). */
  kill(signal?: NodeJS.Signals): void;
  /** Stops Kamailio (keeping the runtime dir) and starts it again with the same config. */
  restart(): Promise<void>;
  /** pid of the media relay (rtpengine), 0 without `mediaRelay`. */
  readonly mediaRelayPid: number;
  /** The call forwarding in force: user → target URI (`sip:user@domain`). */
  readonly callForwarding: Readonly<Record<string, string>>;
  /**
   * Sets (target: a lab user name or `sip:user@domain`) or clears (null) a user's call
   * forwarding in the running Kamailio, over its ctl socket (htable RPC); also kept for
   * restart(). Throws for an unknown user or target, or when Kamailio refuses.
   */
  setCallForwarding(user: string, target: string | null): Promise<void>;
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
  callForwarding: {},
  mediaRelay: true,
  mediaRelayNgPort: 0,
  mediaRelayPortMin: 30000,
  mediaRelayPortMax: 39999,
  rtpengineBin: 'rtpengine',
});

function envInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/**
 * Overrides from the environment: LAB_NAME, LAB_WS_PORT, LAB_WSS_PORT,
 * LAB_TCP_PORT, LAB_TLS_PORT, LAB_DOMAIN, LAB_UM_ADDR, LAB_UM_PORT,
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
  const merged: LabConfig = { ...DEFAULT_LAB_CONFIG, ...labConfigFromEnv(), ...stripUndefined(opts) };
  if (opts.runDir === undefined && env.LAB_RUN_DIR === undefined) {
    merged.runDir = path.join('lab', 'run', merged.name);
  }
  merged.runDir = path.resolve(PROJECT_DIR, merged.runDir);
  merged.usersFile = path.resolve(PROJECT_DIR, merged.usersFile);
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

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
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
    umPort: c.umPort,
    ...(c.notifierPort !== 0 ? { notifierPort: c.notifierPort } : {}),
  };
  for (const [key, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(`${key} must be 1-65535, got ${port}`);
  }
  const own = [c.wsPort, c.wssPort, c.tcpPort, c.tlsPort];
  if (new Set(own).size !== own.length) throw new Error(`lab ports must differ: ${own.join(', ')}`);
  if (c.umAddr === c.host && own.includes(c.umPort))
    throw new Error(`umPort ${c.umPort} clashes with a lab port`);
  if (!Number.isInteger(c.debugLevel) || c.debugLevel < -5 || c.debugLevel > 5)
    throw new Error('debugLevel: -5..5');
  if (/["\s]/.test(c.runDir)) throw new Error(`runDir must not contain quotes or spaces: ${c.runDir}`);
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

// ---------------------------------------------------------------- users

const USER_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
// No quotes, backslashes, `$` (pseudo-variables), whitespace or control characters.
const PASSWORD_RE = /^[A-Za-z0-9._~!@#%^*+=:,/?-]{1,64}$/;
const PIN_RE = /^\d{4,16}$/;
const LINE_RE = /^(\S+)\s+(\S+)\s+("([^"\\]*)"|\S+)\s+(\S+)$/;

/** Parses a users file (`user password display-name pin`, `#` comments). Throws on any invalid line. */
export function labUsers(
  file: string = DEFAULT_LAB_CONFIG.usersFile,
  domain: string = DEFAULT_LAB_CONFIG.domain,
): LabUser[] {
  const absolute = path.resolve(PROJECT_DIR, file);
  const text = readFileSync(absolute, 'utf8');
  const users: LabUser[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${absolute}:${index + 1}`;
    const m = LINE_RE.exec(line);
    if (!m) throw new Error(`${where}: expected "user password display-name pin"`);
    const [, name = '', password = '', displayRaw = '', quoted, pin = ''] = m;
    if (!USER_RE.test(name)) throw new Error(`${where}: invalid user name ${JSON.stringify(name)}`);
    if (!PASSWORD_RE.test(password))
      throw new Error(`${where}: invalid password for ${name} (allowed: ${PASSWORD_RE.source})`);
    if (!PIN_RE.test(pin)) throw new Error(`${where}: PIN of ${name} must be 4-16 digits`);
    const display = quoted ?? (displayRaw === '-' ? name : displayRaw);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(display)) throw new Error(`${where}: control character in display name`);
    if (users.some((u) => u.name === name)) throw new Error(`${where}: duplicate user ${name}`);
    users.push({ name, password, displayName: display, pin, aor: `sip:${name}@${domain}` });
  });
  if (users.length === 0) throw new Error(`${absolute}: no users`);
  return users;
}

/** The Kamailio include with the digest passwords (values validated by labUsers). */
function usersInclude(
  users: LabUser[],
  source: string,
  config: LabConfig,
  forwarding: Readonly<Record<string, string>>,
): string {
  const lines = users.map((u) => `\t$sht(lab_users=>${u.name}) = "${u.password}";`);
  lines.push(
    ...voicemailIncludeLines(
      users.map((u) => u.name),
      config.dialPlans,
      config.userDialPlans,
    ),
    ...forwardingIncludeLines(forwarding),
  );
  return [
    `# Generated by lab/lab.ts from ${source.replace(/[\r\n]/g, ' ')}; do not edit.`,
    // Checked by validateConfig: nothing in it can leave the string.
    ...(config.notifierPort !== 0 ? [`#!define LAB_NOTIFIER_SECRET "${config.notifierSecret}"`] : []),
    'event_route[htable:mod-init] {',
    ...lines,
    '}',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- files

/** The names in the certificates of the proxy <-> UM link (lab/scripts/certs.sh). */
export function proxyTlsName(domain: string): string {
  return `proxy.${domain.toLowerCase()}`;
}
export function umTlsName(domain: string): string {
  return `um.${domain.toLowerCase()}`;
}

export function labPaths(c: LabConfig): LabPaths {
  const r = c.runDir;
  return {
    runDir: r,
    cfg: path.join(LAB_DIR, 'kamailio', 'kamailio.cfg'),
    tlsCfg: path.join(r, 'tls.cfg'),
    usersCfg: path.join(r, 'lab-users.cfg'),
    certFile: path.join(r, 'certs', 'lab.crt'),
    keyFile: path.join(r, 'certs', 'lab.key'),
    caFile: path.join(r, 'certs', 'ca.crt'),
    umCertFile: path.join(r, 'certs', 'um.crt'),
    umKeyFile: path.join(r, 'certs', 'um.key'),
    logFile: path.join(r, 'kamailio.log'),
    pidFile: path.join(r, 'kamailio.pid'),
    ctlSocket: path.join(r, 'kamailio_ctl'),
    relayLogFile: path.join(r, 'rtpengine.log'),
    relayPidFile: path.join(r, 'rtpengine.pid'),
  };
}

function run(file: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout: 20000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const output = `${stdout}${stderr}${error && typeof error.code !== 'number' ? String(error) : ''}`;
      resolve({ code, output });
    });
  });
}

function defines(c: LabConfig, p: LabPaths, debugLevel = c.debugLevel, ngPort = 0): string[] {
  const str = (value: string) => `"${value}"`;
  const d: Record<string, string> = {
    LAB_IP: c.host,
    LAB_WS_PORT: String(c.wsPort),
    LAB_WSS_PORT: String(c.wssPort),
    LAB_TCP_PORT: String(c.tcpPort),
    LAB_TLS_PORT: String(c.tlsPort),
    LAB_DOMAIN: str(c.domain),
    LAB_LOOPBACK: str(c.host),
    LAB_UM_ADDR: str(c.umAddr),
    LAB_UM_PORT: str(String(c.umPort)),
    LAB_PRESENCE_URI: str(`sip:${c.host}:${c.tlsPort};transport=tls`),
    LAB_TLS_CFG: str(p.tlsCfg),
    // The CN of the UM servers' certificate (lab/scripts/certs.sh), checked in route[IDENTIFY].
    LAB_UM_TLS_NAME: str(umTlsName(c.domain)),
    LAB_CTL: str(`unix:${p.ctlSocket}`),
    LAB_DEBUG: String(debugLevel),
    LAB_NO_ANSWER_MS: String(Math.round(c.noAnswerSeconds * 1000)),
    LAB_UM_TIMER_MS: String(Math.round(c.umTimerSeconds * 1000)),
    LAB_AV_EDGE: str(c.avEdgeServer),
    LAB_NOTIFIER: str(`sip:${c.host}:${c.notifierPort};transport=tcp`),
  };
  const args = Object.entries(d).flatMap(([k, v]) => ['-A', `${k}=${v}`]);
  if (c.voicemailDiversion) args.push('-A', 'WITH_VM_DIVERSION');
  if (c.notifierPort !== 0) args.push('-A', 'WITH_USER_NOTIFICATIONS');
  if (c.mediaRelay) {
    args.push('-A', 'WITH_MEDIA_RELAY', '-A', `LAB_RTPENGINE_SOCK="udp:${c.host}:${ngPort || 2223}"`);
  }
  return args;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Only files this module creates are removed; the directory itself only if then empty. */
function removeRunFiles(p: LabPaths): void {
  for (const file of [
    p.tlsCfg,
    p.usersCfg,
    p.logFile,
    p.pidFile,
    p.ctlSocket,
    p.relayLogFile,
    p.relayPidFile,
  ])
    rmSync(file, { force: true });
  rmSync(path.dirname(p.certFile), { recursive: true, force: true });
  try {
    rmdirSync(p.runDir);
  } catch {
    // not empty (someone else's files) or already gone
  }
  const parent = path.dirname(p.runDir);
  if (parent === path.join(LAB_DIR, 'run')) {
    try {
      rmdirSync(parent);
    } catch {
      // other instances still running
    }
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

/** kamcmd next to the Kamailio binary when that is given as a path, else from PATH. */
function kamcmdBin(kamailioBin: string): string {
  return kamailioBin.includes('/') ? path.join(path.dirname(kamailioBin), 'kamcmd') : 'kamcmd';
}

let setprivAvailable: boolean | undefined;

async function hasSetpriv(): Promise<boolean> {
  if (setprivAvailable === undefined) {
    const { code } = await run('setpriv', ['--version'], LAB_DIR);
    setprivAvailable = code === 0;
  }
  return setprivAvailable;
}

// ---------------------------------------------------------------- start

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once the WS listener answers an HTTP request (Kamailio's workers are up). */
function probeWs(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () =>
      socket.write(`GET / HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`),
    );
    socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('HTTP/1.')));
  });
}

/**
 * Starts a Kamailio instance for the lab. Config: DEFAULT_LAB_CONFIG ←
 * environment (labConfigFromEnv) ← `opts`.
 */
export async function startLab(opts: Partial<LabConfig> = {}): Promise<RunningLab> {
  const config = resolveLabConfig(opts);
  const paths = labPaths(config);
  const users = labUsers(config.usersFile, config.domain);
  const userNames = users.map((u) => u.name);
  // user → target URI; the include is rewritten on every change so that restart() keeps it.
  const forwarding = resolveCallForwarding(config.callForwarding, userNames, config.domain);
  const writeUsersInclude = (): void =>
    writeFileSync(
      paths.usersCfg,
      usersInclude(users, path.relative(PROJECT_DIR, config.usersFile), config, forwarding),
      { mode: 0o600 },
    );

  if (existsSync(paths.pidFile)) {
    const stale = Number(readFileSync(paths.pidFile, 'utf8').trim());
    if (Number.isInteger(stale) && stale > 0 && isAlive(stale)) {
      throw new Error(`lab "${config.name}" already running (pid ${stale}, ${paths.pidFile}); stop it first`);
    }
  }

  mkdirSync(paths.runDir, { recursive: true });
  const certs = await run(
    'bash',
    [path.join(LAB_DIR, 'scripts', 'certs.sh'), paths.runDir, config.domain],
    PROJECT_DIR,
  );
  if (certs.code !== 0) throw new Error(`lab/scripts/certs.sh failed:\n${certs.output}`);
  const template = readFileSync(path.join(LAB_DIR, 'kamailio', 'tls.cfg.in'), 'utf8');
  writeFileSync(
    paths.tlsCfg,
    template
      .replaceAll('@CERT_FILE@', paths.certFile)
      .replaceAll('@KEY_FILE@', paths.keyFile)
      .replaceAll('@CA_FILE@', paths.caFile)
      .replaceAll('@TLS_SOCKET@', `${config.host}:${config.tlsPort}`),
  );
  writeUsersInclude();

  const check = await run(
    config.kamailioBin,
    ['-c', '-f', paths.cfg, ...defines(config, paths, 1)],
    paths.runDir,
  );
  if (check.code !== 0 || !check.output.includes('config file ok')) {
    if (!config.keepRunDir) removeRunFiles(paths);
    throw new Error(`kamailio -c rejected ${paths.cfg}:\n${check.output.trim()}`);
  }

  const useSetpriv = await hasSetpriv();
  // The media relay first: Kamailio's rtpengine module pings it at startup and leaves a
  // relay that did not answer disabled for a while.
  let relay: MediaRelay | undefined;
  if (config.mediaRelay) {
    try {
      relay = await startMediaRelay({
        bin: config.rtpengineBin,
        host: config.host,
        ngPort: config.mediaRelayNgPort,
        portMin: config.mediaRelayPortMin,
        portMax: config.mediaRelayPortMax,
        logFile: paths.relayLogFile,
        pidFile: paths.relayPidFile,
        cwd: paths.runDir,
        useSetpriv,
        echoLog: config.echoLog,
        startTimeoutMs: config.startTimeoutMs,
      });
    } catch (error) {
      if (!config.keepRunDir) removeRunFiles(paths);
      throw error;
    }
  }

  const kamailioArgs = [
    '-f', paths.cfg,
    '-DD', '-E',
    '-Y', paths.runDir,
    '-P', paths.pidFile,
    '-m', '64', '-M', '8',
    ...defines(config, paths, config.debugLevel, relay?.ngPort),
  ]; // prettier-ignore
  installExitHook();

  let child!: ChildProcess;
  let exited!: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let tail = '';
  const log = createWriteStream(paths.logFile, { flags: 'a' });
  const record = { pid: 0 };

  const spawnKamailio = async (): Promise<void> => {
    const [file, args] = useSetpriv
      ? ['setpriv', ['--pdeathsig', 'SIGTERM', '--', config.kamailioBin, ...kamailioArgs]]
      : [config.kamailioBin, kamailioArgs];
    tail = '';
    child = spawn(file as string, args as string[], {
      cwd: paths.runDir,
      detached: true, // own process group: stop()/kill() reach every Kamailio process
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-8000);
      if (config.echoLog) process.stderr.write(chunk);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const proc = child;
    exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        running.delete(record);
        resolve({ code, signal });
      });
    });
    await new Promise<void>((resolve, reject) => {
      proc.once('spawn', () => resolve());
      proc.once('error', reject);
    });
    record.pid = proc.pid ?? 0;
    running.add(record);

    let gone = false;
    void exited.then(() => (gone = true));
    const deadline = Date.now() + config.startTimeoutMs;
    for (;;) {
      if (gone) {
        await delay(50); // let the last log lines arrive
        throw new Error(`kamailio exited during startup:\n${tail.trim()}`);
      }
      if (await probeWs(config.host, config.wsPort)) return;
      if (Date.now() > deadline) {
        await terminate();
        throw new Error(
          `kamailio did not answer on ws port ${config.wsPort} within ${config.startTimeoutMs} ms:\n${tail.trim()}`,
        );
      }
      await delay(50);
    }
  };

  const signalGroup = (signal: NodeJS.Signals): void => {
    const pid = child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };

  const groupAlive = (): boolean => {
    const pid = child.pid;
    if (pid === undefined) return false;
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  const terminate = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGTERM'); // the main process stops its children
      } catch {
        // gone
      }
      const timedOut = await Promise.race([exited.then(() => false), delay(5000).then(() => true)]);
      if (timedOut) signalGroup('SIGKILL');
      await exited;
    }
    // Main process gone: make sure no child of it survived.
    for (let i = 0; i < 40 && groupAlive(); i++) {
      if (i === 10) signalGroup('SIGKILL');
      await delay(50);
    }
  };

  try {
    await spawnKamailio();
  } catch (error) {
    if (child && child.exitCode === null && child.signalCode === null) await terminate().catch(() => {});
    await relay?.stop();
    await new Promise<void>((resolve) => log.end(() => resolve()));
    if (!config.keepRunDir) removeRunFiles(paths);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const lab: RunningLab = {
    config,
    paths,
    users,
    wsUrl: `ws://${config.host}:${config.wsPort}`,
    wssUrl: `wss://${config.host}:${config.wssPort}`,
    get pid() {
      return child.pid ?? 0;
    },
    get exited() {
      return exited;
    },
    mediaRelayPid: relay?.pid ?? 0,
    stop() {
      stopping ??= (async () => {
        await terminate();
        await relay?.stop(); // after Kamailio, which may still delete calls on its way out
        await new Promise<void>((resolve) => log.end(() => resolve()));
        if (!config.keepRunDir) removeRunFiles(paths);
      })();
      return stopping;
    },
    kill(signal: NodeJS.Signals = 'SIGKILL') {
      signalGroup(signal);
    },
    async restart() {
      if (stopping) throw new Error('lab is stopped');
      await terminate();
      log.write(`\n---- restart ${new Date().toISOString()} ----\n`);
      await spawnKamailio();
    },
    get callForwarding() {
      return { ...forwarding };
    },
    async setCallForwarding(user: string, target: string | null) {
      if (stopping) throw new Error('lab is stopped');
      if (!userNames.includes(user)) throw new Error(`call forwarding: no lab user ${JSON.stringify(user)}`);
      const uri = target === null ? null : forwardingTargetUri(user, target, userNames, config.domain);
      const rpc = await run(
        kamcmdBin(config.kamailioBin),
        ['-s', `unix:${paths.ctlSocket}`, ...forwardingRpcArgs(user, uri)],
        paths.runDir,
      );
      // htable.delete of a user without forwarding is not an error worth reporting.
      if (rpc.code !== 0 && !(uri === null && forwarding[user] === undefined))
        throw new Error(`kamcmd could not change the call forwarding of ${user}: ${rpc.output.trim()}`);
      if (uri === null) delete forwarding[user];
      else forwarding[user] = uri;
      writeUsersInclude();
    },
  };
  return lab;
}
