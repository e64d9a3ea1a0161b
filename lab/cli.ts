/**
 * Runs the lab proxy in the foreground until Ctrl-C / SIGTERM:
 *   npx tsx lab/cli.ts   (or: npm run lab, lab/start.sh)
 * Configuration from the environment (LAB_WS_PORT, LAB_DOMAIN, ...: see labConfigFromEnv);
 * LAB_NODES=2 runs a two-node cluster (lab/cluster.ts) instead of one proxy.
 * Options: --quiet (do not echo Kamailio's log), --keep (keep the runtime dir).
 */
import { labNodesFromEnv, startCluster } from './cluster';
import { startLab, type RunningLab } from './lab';

const argv = new Set(process.argv.slice(2));
for (const arg of argv) {
  if (!['--quiet', '--keep'].includes(arg)) {
    console.error(`unknown option ${arg}; usage: lab/start.sh [--quiet] [--keep]`);
    process.exit(2);
  }
}

const options = {
  echoLog: !argv.has('--quiet'),
  ...(argv.has('--keep') ? { keepRunDir: true } : {}),
};
const cluster = labNodesFromEnv() === 2 ? await startCluster(options) : undefined;
const nodes: readonly RunningLab[] = cluster ? cluster.nodes : [await startLab(options)];
const stopAll = (): Promise<void> => (cluster ? cluster.stop() : (nodes[0] as RunningLab).stop());
const first = nodes[0] as RunningLab;
const c = first.config;
console.log(
  [
    '',
    cluster
      ? `um-phone lab cluster running: ${nodes.length} Kamailio nodes (A is the default)`
      : `um-phone lab proxy running (kamailio pid ${first.pid}, runtime dir ${first.paths.runDir})`,
    `  domain      ${c.domain}`,
    ...nodes.flatMap((lab, i) => [
      ...(cluster ? [`  node ${'AB'[i]}      pid ${lab.pid}, runtime dir ${lab.paths.runDir}`] : []),
      `  WebSocket   ${lab.wsUrl}   ${lab.wssUrl}`,
      `  SIP         tcp/udp ${lab.config.host}:${c.tcpPort}   tls ${lab.config.host}:${c.tlsPort}   servers' tls ${lab.config.host}:${c.peerTlsPort}`,
    ]),
    ...(cluster ? [`  phone       Server URL "${cluster.wsUrls.join(' ')}" (fails over in order)`] : []),
    `  UM peer     sip:${c.umAddr}:${c.umPort};transport=tls (trusted)`,
    `  users       ${first.users.map((u) => `${u.name}/${u.password} (PIN ${u.pin})`).join(', ')}`,
    ...Object.entries(first.callForwarding).map(([user, target]) => `  forwarding  ${user} → ${target}`),
    '  Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
const shutdown = (why: string, code: number): void => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${why}: stopping the lab...`);
  stopAll().then(
    () => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT', 0));
process.on('SIGTERM', () => shutdown('SIGTERM', 0));
process.on('SIGHUP', () => shutdown('SIGHUP', 0));
nodes.forEach((lab, i) => {
  void lab.exited.then(({ code, signal }) => {
    if (stopping) return;
    // A node of a cluster may be killed on purpose (to watch the phone fail over): say so, and
    // let the other go on. A single proxy going away ends the lab.
    if (cluster) console.log(`node ${'AB'[i]} exited (code ${code}, signal ${signal})`);
    else shutdown(`kamailio exited unexpectedly (code ${code}, signal ${signal})`, 1);
  });
});
