/**
 * Start and stop the lab SIP proxy (Kamailio) from Node: tests, the e2e
 * harness and `lab/start.sh` all go through `startLab()`.
 *
 * Each instance gets its own runtime dir (default `lab/run/<name>`) holding
 * the generated files (users include, tls.cfg, certificate), the pid file, the
 * ctl socket and `kamailio.log`. `stop()` removes it again.
 *
 * The parts, one concern each, live in lab/proxy/: config (LabConfig, defaults, LAB_* environment,
 * validation), users (users.conf and the generated include), files (runtime paths, certificates,
 * tls.cfg), defines (config -> Kamailio -A defines), process (spawn, signals, stop), readiness
 * (the WS probe) and rpc (kamcmd). This file wires them into one running lab.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { forwardingRpcArgs, forwardingTargetUri, resolveCallForwarding } from './call-forwarding';
import { startMediaRelay, type MediaRelay } from './media-relay';
import { resolveLabConfig, type LabConfig } from './proxy/config';
import { defines } from './proxy/defines';
import { PROJECT_DIR } from './proxy/dirs';
import { labPaths, removeRunFiles, writeTlsFiles, type LabPaths } from './proxy/files';
import { assertPortsFree } from './proxy/ports';
import { KamailioProcess, hasSetpriv, isAlive, run, type ExitStatus } from './proxy/process';
import { kamcmd } from './proxy/rpc';
import { labUsers, usersInclude, type LabUser } from './proxy/users';

export type { DialPlanConfig, UmServerEntry } from './voicemail-routing';
export { DEFAULT_LAB_CONFIG, labConfigFromEnv, resolveLabConfig, type LabConfig } from './proxy/config';
export { labPaths, proxyTlsName, umTlsName, type LabPaths } from './proxy/files';
export { labUsers, type LabUser } from './proxy/users';

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
  readonly exited: Promise<ExitStatus>;
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

  const { host, wsPort, wssPort, tcpPort, tlsPort, peerTlsPort } = config;
  await assertPortsFree(host, [wsPort, wssPort, tcpPort, tlsPort, peerTlsPort]);
  mkdirSync(paths.runDir, { recursive: true });
  await writeTlsFiles(config, paths);
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

  // Kamailio's log names every call (Call-ID, addresses, and tags at higher debug levels): this
  // user's to read only.
  const log = createWriteStream(paths.logFile, { flags: 'a', mode: 0o600 });
  const kamailio = new KamailioProcess({
    bin: config.kamailioBin,
    args: [
      '-f', paths.cfg,
      '-DD', '-E',
      '-Y', paths.runDir,
      '-P', paths.pidFile,
      '-m', '64', '-M', '8',
      ...defines(config, paths, config.debugLevel, relay?.ngPort),
    ], // prettier-ignore
    cwd: paths.runDir,
    useSetpriv,
    log,
    echoLog: config.echoLog,
    host: config.host,
    wsPort: config.wsPort,
    startTimeoutMs: config.startTimeoutMs,
  });

  try {
    await kamailio.start();
  } catch (error) {
    if (kamailio.running) await kamailio.terminate().catch(() => {});
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
      return kamailio.pid;
    },
    get exited() {
      return kamailio.exited;
    },
    mediaRelayPid: relay?.pid ?? 0,
    stop() {
      stopping ??= (async () => {
        await kamailio.terminate();
        await relay?.stop(); // after Kamailio, which may still delete calls on its way out
        await new Promise<void>((resolve) => log.end(() => resolve()));
        if (!config.keepRunDir) removeRunFiles(paths);
      })();
      return stopping;
    },
    kill(signal: NodeJS.Signals = 'SIGKILL') {
      kamailio.signalGroup(signal);
    },
    async restart() {
      if (stopping) throw new Error('lab is stopped');
      await kamailio.terminate();
      log.write(`\n---- restart ${new Date().toISOString()} ----\n`);
      await kamailio.start();
    },
    get callForwarding() {
      return { ...forwarding };
    },
    async setCallForwarding(user: string, target: string | null) {
      if (stopping) throw new Error('lab is stopped');
      if (!userNames.includes(user)) throw new Error(`call forwarding: no lab user ${JSON.stringify(user)}`);
      const uri = target === null ? null : forwardingTargetUri(user, target, userNames, config.domain);
      const rpc = await kamcmd(
        config.kamailioBin,
        paths.ctlSocket,
        forwardingRpcArgs(user, uri),
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
