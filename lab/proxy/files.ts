/**
 * The files of a lab instance: where each lives in its runtime dir, the certificates and the
 * tls.cfg made at start (lab/scripts/certs.sh, lab/kamailio/tls.cfg.in), and their removal.
 */
import { readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LabConfig } from './config';
import { LAB_DIR, PROJECT_DIR } from './dirs';
import { run } from './process';

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

/** The names in the certificates of the proxy <-> UM link (lab/scripts/certs.sh). */
export function proxyTlsName(domain: string): string {
  return `proxy.${domain.toLowerCase()}`;
}
export function umTlsName(domain: string): string {
  return `um.${domain.toLowerCase()}`;
}

export function labPaths(c: LabConfig): LabPaths {
  const r = c.runDir;
  const certs = c.certDir === '' ? path.join(r, 'certs') : c.certDir;
  return {
    runDir: r,
    cfg: path.join(LAB_DIR, 'kamailio', 'kamailio.cfg'),
    tlsCfg: path.join(r, 'tls.cfg'),
    usersCfg: path.join(r, 'lab-users.cfg'),
    certFile: path.join(certs, 'lab.crt'),
    keyFile: path.join(certs, 'lab.key'),
    caFile: path.join(certs, 'ca.crt'),
    umCertFile: path.join(certs, 'um.crt'),
    umKeyFile: path.join(certs, 'um.key'),
    logFile: path.join(r, 'kamailio.log'),
    pidFile: path.join(r, 'kamailio.pid'),
    ctlSocket: path.join(r, 'kamailio_ctl'),
    relayLogFile: path.join(r, 'rtpengine.log'),
    relayPidFile: path.join(r, 'rtpengine.pid'),
  };
}

/** Only files this module creates are removed; the directory itself only if then empty. */
export function removeRunFiles(p: LabPaths): void {
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
  // The certificates only when they are this instance's own (a cluster's nodes share theirs).
  if (path.dirname(p.certFile) === path.join(p.runDir, 'certs'))
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

/** The lab CA and the proxy and UM certificates (kept if they exist), then tls.cfg from its template. */
export async function writeTlsFiles(config: LabConfig, paths: LabPaths): Promise<void> {
  const certs = await run(
    'bash',
    [path.join(LAB_DIR, 'scripts', 'certs.sh'), path.dirname(path.dirname(paths.certFile)), config.domain],
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
      .replaceAll('@TLS_SOCKET@', `${config.host}:${config.tlsPort}`)
      .replaceAll('@PEER_TLS_SOCKET@', `${config.host}:${config.peerTlsPort}`),
  );
}
