/**
 * Runs the voicemail server emulator in the foreground until Ctrl-C/SIGTERM:
 *   npx tsx lab/um/main.ts          (after the lab proxy: npx tsx lab/cli.ts)
 *
 * Configuration from the environment, with the lab's defaults:
 *   LAB_UM_ADDR (127.0.0.2), LAB_UM_PORT (5071)       SIP/TLS listener, and source of requests to the proxy
 *   LAB_PEER_TLS_PORT (LAB_TLS_PORT + 1: 5062),        the proxy's listener for servers (on the lab host 127.0.0.1)
 *   LAB_DOMAIN (umphone.test)
 *   LAB_USERS_FILE (lab/users.conf)                    users, passwords, PINs
 *   LAB_UM_DATA (lab/run/um-data)                      mailboxes, prompt cache
 *   LAB_UM_HTTP_HOST (127.0.0.1), LAB_UM_HTTP_PORT (8091)
 *   LAB_UM_ALLOWED_ORIGINS                             comma-separated origins (* = any); default 127.0.0.1/localhost, any port
 *   LAB_UM_CERT, LAB_UM_KEY, LAB_UM_CA                 mutual TLS with the proxy: this server's certificate and key,
 *                                                      and the CA of the proxy's; default: the running lab's
 *                                                      um.crt, um.key, ca.crt (lab/run/<LAB_NAME>/certs/)
 *   LAB_UM_PROXY_NAME (proxy.<domain>)                 the name the proxy's certificate must carry
 *   LAB_UM_MAX_SECONDS (60), LAB_UM_RING_SECONDS (30)
 *   LAB_UM_TRACE=1                                     log every SIP message
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveLabConfig } from '../lab';
import { parseAllowedOrigins } from './http/cors';
import { startUmServer } from './server';

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
// Mutual TLS: without the certificates of the lab's CA the proxy and this server cannot talk.
const labCerts = path.join(lab.runDir, 'certs');
const certFile = env.LAB_UM_CERT || path.join(labCerts, 'um.crt');
const keyFile = env.LAB_UM_KEY || path.join(labCerts, 'um.key');
const caFile = env.LAB_UM_CA || path.join(labCerts, 'ca.crt');
for (const file of [certFile, keyFile, caFile]) {
  if (!existsSync(file)) {
    console.error(
      `[um] ${file} is missing: start the lab proxy first (npx tsx lab/cli.ts), or set LAB_UM_CERT/KEY/CA`,
    );
    process.exit(2);
  }
}

const allowedOrigins = parseAllowedOrigins(env.LAB_UM_ALLOWED_ORIGINS);
const um = await startUmServer({
  sipHost: lab.umAddr,
  sipPort: lab.umPort,
  proxyHost: lab.host,
  proxyTlsPort: lab.peerTlsPort,
  domain: lab.domain,
  certFile,
  keyFile,
  caFile,
  ...(env.LAB_UM_PROXY_NAME ? { proxyTlsName: env.LAB_UM_PROXY_NAME } : {}),
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
    `  SIP/TLS   sip:um@${um.sipHost}:${um.sipPort};transport=tls (proxy ${lab.host}:${lab.peerTlsPort})`,
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
