/**
 * Starts the demo: the lab proxy, the voicemail server and the phone (Vite dev server),
 * prints where to go, and stops all of it on Ctrl-C / SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLUSTER_NODE_ADDRESSES, labNodesFromEnv, startCluster, type RunningCluster } from '../lab/cluster';
import { labPaths, resolveLabConfig, startLab, type RunningLab } from '../lab/lab';
import { startNotifier } from '../lab/notifier';
import { labUmTls, startUmServer } from '../lab/um/server';

const APP_PORT = Number(process.env.UM_APP_PORT ?? 5173);

// MS-EUMR 3.1: in the demo unanswered calls go to voicemail (LAB_VOICEMAIL_DIVERSION=0 turns it off),
// and missed calls are reported to the voicemail server (3.2) through the notifier sidecar.
const labOptions = {
  name: 'demo',
  echoLog: false,
  voicemailDiversion: process.env.LAB_VOICEMAIL_DIVERSION !== '0',
};
// LAB_NODES=2: a two-node proxy cluster (lab/cluster.ts); the notifier listens on node A's address.
const clustered = labNodesFromEnv() === 2;
const labConfig = resolveLabConfig(
  clustered ? { ...labOptions, host: CLUSTER_NODE_ADDRESSES[0] } : labOptions,
);
const labFiles = labPaths(labConfig);
const notifier = await startNotifier({
  lab: labConfig,
  // Mutual TLS to the voicemail server, as the proxy (lab/scripts/certs.sh; made by startLab below).
  tls: { certFile: labFiles.certFile, keyFile: labFiles.keyFile, caFile: labFiles.caFile },
});
let lab: RunningLab;
let cluster: RunningCluster | undefined;
try {
  const options = { ...labOptions, notifierPort: notifier.port, notifierSecret: notifier.secret };
  cluster = clustered ? await startCluster(options) : undefined;
  lab = cluster ? (cluster.nodes[0] as RunningLab) : await startLab(options);
} catch (e) {
  await notifier.stop();
  throw e;
}
const stops: Array<() => Promise<void>> = [
  () => (cluster ? cluster.stop() : lab.stop()),
  () => notifier.stop(),
];

// The voicemail server: trusted peer of the proxy over TLS, mailboxes kept in lab/run/um-data
// across restarts (prompts are generated there with espeak-ng on first use).
let um;
try {
  um = await startUmServer({
    sipHost: lab.config.umAddr,
    sipPort: lab.config.umPort,
    proxyHost: lab.config.host,
    proxyTlsPort: lab.config.peerTlsPort,
    proxyHosts: cluster ? cluster.nodes.slice(1).map((node) => node.config.host) : [],
    domain: lab.config.domain,
    ...labUmTls(lab.paths),
    usersFile: lab.config.usersFile,
    dialPlans: lab.config.dialPlans.map((plan) => plan.name),
  });
} catch (e) {
  await lab.stop();
  throw e;
}
stops.unshift(() => um.stop());

const app: ChildProcess = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', String(APP_PORT), '--strictPort'],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
stops.unshift(
  () =>
    new Promise<void>((resolve) => {
      if (app.exitCode !== null) return resolve();
      app.once('exit', () => resolve());
      app.kill('SIGTERM');
    }),
);

const users = lab.users.map(
  (u) => `    ${u.name.padEnd(8)} ${u.aor.padEnd(26)} password ${u.password.padEnd(12)} PIN ${u.pin}`,
);
console.log(
  [
    '',
    'UM Phone is running.',
    '',
    `  Open        http://127.0.0.1:${APP_PORT}/`,
    cluster
      ? `  Server URL  ${cluster.wsUrls.join(' ')}   (two proxy nodes, tried in order)`
      : `  Server URL  ${lab.wsUrl}   (trusted: loopback)   or ${lab.wssUrl} (self-signed)`,
    `  Voicemail   ${um.httpUrl} (web API)   sip:${um.sipHost}:${um.sipPort};transport=tls`,
    '  Sign in as:',
    ...users,
    '',
    '  Sign in as alice in one window and bob in another (a private window), and call each other.',
    '  Leave bob a voice message, then as bob: Call voicemail (no PIN over this trusted connection),',
    '  or set Appear Offline and press Play on my phone.',
    `  A call nobody answers (offline, declined, ${lab.config.noAnswerSeconds} s of ringing) goes to voicemail${lab.config.voicemailDiversion ? '' : ' (off: LAB_VOICEMAIL_DIVERSION=0)'}.`,
    '  Ctrl-C stops everything.',
    '',
  ].join('\n'),
);

let stopping = false;
async function shutdown(why: string, code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${why}: stopping…`);
  for (const stop of stops) {
    try {
      await stop();
    } catch (e) {
      console.error(e);
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown('Ctrl-C', 0));
process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
process.on('SIGHUP', () => void shutdown('SIGHUP', 0));
app.once('exit', (code) => void shutdown(`the app server exited (code ${code})`, 1));
// (a cluster's node may be killed on purpose, to watch the phone fail over)
if (!cluster) void lab.exited.then(({ code }) => shutdown(`Kamailio exited (code ${code})`, 1));
