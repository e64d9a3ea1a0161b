/**
 * Runs the voicemail server emulator in the foreground until Ctrl-C/SIGTERM:
 *   npx tsx lab/um/main.ts          (after the lab proxy: npx tsx lab/cli.ts)
 *
 * Configuration from the environment, with the lab's defaults:
 *   LAB_UM_ADDR (127.0.0.2), LAB_UM_PORT (5071)       SIP/TLS listener, and source of requests to the proxy
 *   LAB_TLS_PORT (5061), LAB_DOMAIN (umphone.test)     the proxy (on the lab host 127.0.0.1)
 *   LAB_USERS_FILE (lab/users.conf)                    users, passwords, PINs
 *   LAB_UM_DATA (lab/run/um-data)                      mailboxes, prompt cache
 *   LAB_UM_HTTP_HOST (127.0.0.1), LAB_UM_HTTP_PORT (8091)
 *   LAB_UM_ALLOWED_ORIGINS                             comma-separated origins (* = any); default 127.0.0.1/localhost, any port
 *   LAB_UM_CERT, LAB_UM_KEY                            default: the lab's certificate (lab/run/<LAB_NAME>/certs/),
 *                                                      or one made by lab/scripts/certs.sh in lab/run/um/
 *   LAB_UM_MAX_SECONDS (60), LAB_UM_RING_SECONDS (30)
 *   LAB_UM_PROXY_CA                                    verify the proxy's certificate with this CA file (default: not verified)
 *   LAB_UM_TRACE=1                                     log every SIP message
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveLabConfig } from '../lab';
import { parseAllowedOrigins } from './http/cors';
import { startUmServer } from './server';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = process.env;

function envNumber(name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+(\.\d+)?$/.test(value)) {
    console.error(`${name} must be a number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return Number(value);
}

// One call's failure (or a media library's stray rejection) must not end every other call.
process.on('uncaughtException', (error) =>
  console.error('[um] uncaught exception (server keeps running):', error),
);
process.on('unhandledRejection', (reason) =>
  console.error('[um] unhandled rejection (server keeps running):', reason),
);

const lab = resolveLabConfig();
let certFile = env.LAB_UM_CERT;
let keyFile = env.LAB_UM_KEY;
// The lab's certificate is remade whenever the lab restarts, so the proxy is only verified on request.
const proxyCaFile = env.LAB_UM_PROXY_CA || undefined;
if (!certFile || !keyFile) {
  const labCert = path.join(lab.runDir, 'certs', 'lab.crt');
  const labKey = path.join(lab.runDir, 'certs', 'lab.key');
  if (existsSync(labCert) && existsSync(labKey)) {
    certFile = labCert;
    keyFile = labKey;
  } else {
    const ownDir = path.join(PROJECT_DIR, 'lab', 'run', 'um');
    execFileSync('bash', [path.join(PROJECT_DIR, 'lab', 'scripts', 'certs.sh'), ownDir], {
      stdio: 'inherit',
    });
    certFile = path.join(ownDir, 'certs', 'lab.crt');
    keyFile = path.join(ownDir, 'certs', 'lab.key');
  }
}

const allowedOrigins = parseAllowedOrigins(env.LAB_UM_ALLOWED_ORIGINS);
const um = await startUmServer({
  sipHost: lab.umAddr,
  sipPort: lab.umPort,
  proxyHost: lab.host,
  proxyTlsPort: lab.tlsPort,
  domain: lab.domain,
  certFile,
  keyFile,
  ...(proxyCaFile ? { proxyCaFile } : {}),
  dataDir: env.LAB_UM_DATA || path.join('lab', 'run', 'um-data'),
  httpHost: env.LAB_UM_HTTP_HOST || '127.0.0.1',
  httpPort: envNumber('LAB_UM_HTTP_PORT', 8091),
  usersFile: lab.usersFile,
  ...(allowedOrigins ? { allowedOrigins } : {}),
  maxMessageSeconds: envNumber('LAB_UM_MAX_SECONDS', 60),
  ringSeconds: envNumber('LAB_UM_RING_SECONDS', 30),
  traceSip: env.LAB_UM_TRACE === '1',
  // MS-EUMR 2.2.2: the dial plan(s) a routing proxy addresses us by (LAB_DIAL_PLAN).
  dialPlans: lab.dialPlans.map((plan) => plan.name),
});

console.log(
  [
    '',
    `um-phone voicemail server running (pid ${process.pid})`,
    `  SIP/TLS   sip:um@${um.sipHost}:${um.sipPort};transport=tls (proxy ${lab.host}:${lab.tlsPort})`,
    `  HTTP API  ${um.httpUrl}/um/  (Digest, realm ${um.domain})`,
    `  data      ${um.dataDir}`,
    '  Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
const shutdown = (why: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${why}: stopping the voicemail server...`);
  const force = setTimeout(() => process.exit(1), 10000);
  force.unref();
  um.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGHUP', () => shutdown('SIGHUP'));
