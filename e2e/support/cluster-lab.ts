/**
 * A two-node Kamailio cluster of its own (lab/cluster.ts) for the failover tests: never the shared
 * lab of the run. Node A 127.0.0.11, node B 127.0.0.12, the same ports on both (24xxx, apart from
 * the shared lab 15xxx, smoke 25xxx, resilience 26xxx, bench 27xxx, eumr 28xxx).
 *
 *   const lab = await startClusterLab('failover');
 *   lab.wsUrl('a'), lab.wsUrl('b'), lab.wssUrl('b')     // per node
 *   lab.kill('a')        // SIGKILL node A's whole process group (a crash: connections reset)
 *   lab.freeze('a')      // SIGSTOP (no FIN/RST: a node that stops answering); lab.thaw('a') SIGCONT
 *   await lab.restartEmpty('a')   // start A again with empty memory; it pulls B's tables over DMQ
 *   await lab.waitForContact('a', 'alice')   // until A knows a contact of alice (usrloc)
 *   const resume = await lab.holdReplication('b')   // B applies A's replication late, until resume()
 *   await lab.stop()
 */
import { startCluster, type RunningCluster } from '../../lab/cluster';
import type { LabConfig, LabUser, RunningLab } from '../../lab/lab';
import { kamcmd } from '../../lab/proxy/rpc';
import { labUmTls, startUmServer, type RunningUm } from '../../lab/um/server';

export type ClusterNode = 'a' | 'b';

export interface ClusterLab {
  readonly cluster: RunningCluster;
  readonly users: LabUser[];
  readonly domain: string;
  node(which: ClusterNode): RunningLab;
  wsUrl(which: ClusterNode): string;
  wssUrl(which: ClusterNode): string;
  /** Both nodes' ws:// URLs, A first (a phone's server list). */
  readonly wsUrls: readonly string[];
  kill(which: ClusterNode): void;
  freeze(which: ClusterNode): void;
  thaw(which: ClusterNode): void;
  /** Stops the node if it still runs (also a frozen or killed one) and starts it with empty memory. */
  restartEmpty(which: ClusterNode): Promise<void>;
  /** The contacts (Contact URIs) the node holds for a user, from its location table. */
  contacts(which: ClusterNode, user: string): Promise<string[]>;
  /** The node's location entry for a user as kamcmd prints it (Path, Received...); '' if none. */
  location(which: ClusterNode, user: string): Promise<string>;
  /** One RPC command on the node (kamcmd): its exit code and output. */
  rpc(which: ClusterNode, args: string[]): Promise<{ code: number; output: string }>;
  /** Polls the node's location table until it holds a contact of `user` (or throws after timeoutMs). */
  waitForContact(which: ClusterNode, user: string, timeoutMs?: number): Promise<string[]>;
  /**
   * The node applies nothing the other node replicates (registrations, dialog ends) until the
   * returned `resume()`: its DMQ worker processes are stopped (SIGSTOP), so the other node's KDMQ
   * messages queue up, as on a loaded box; resume() applies them in order. Keep it well under
   * tm's fr_timer (5 s): the other node would give up on this one.
   */
  holdReplication(which: ClusterNode): Promise<() => void>;
  user(name: string): LabUser;
  stop(): Promise<void>;
}

export function clusterPorts(
  offset = 0,
): Pick<LabConfig, 'wsPort' | 'wssPort' | 'tcpPort' | 'tlsPort' | 'umPort'> {
  return {
    wsPort: 24066 + offset,
    wssPort: 24443 + offset,
    tcpPort: 24060 + offset,
    tlsPort: 24061 + offset,
    umPort: 24071 + offset,
  };
}

export async function startClusterLab(
  tag: string,
  offset = 0,
  extra: Partial<LabConfig> = {},
): Promise<ClusterLab> {
  const cluster = await startCluster({
    name: `${tag}-${process.pid}`,
    ...clusterPorts(offset),
    domain: 'umphone.test',
    echoLog: false,
    ...extra,
  });
  const [a, b] = cluster.nodes as [RunningLab, RunningLab];
  const node = (which: ClusterNode): RunningLab => (which === 'a' ? a : b);
  const rpc = (which: ClusterNode, args: string[]) => {
    const n = node(which);
    return kamcmd(n.config.kamailioBin, n.paths.ctlSocket, args, n.paths.runDir);
  };
  const location = async (which: ClusterNode, user: string): Promise<string> => {
    const { code, output } = await rpc(which, ['ul.lookup', 'location', user]);
    return code === 0 ? output : ''; // "AOR not found"
  };
  const contacts = async (which: ClusterNode, user: string): Promise<string[]> =>
    [...(await location(which, user)).matchAll(/Address:\s*(\S+)/g)].map((m) => m[1] ?? '');
  return {
    cluster,
    users: a.users,
    domain: a.config.domain,
    node,
    wsUrl: (which) => node(which).wsUrl,
    wssUrl: (which) => node(which).wssUrl,
    wsUrls: cluster.wsUrls,
    kill: (which) => node(which).kill('SIGKILL'),
    freeze: (which) => node(which).kill('SIGSTOP'),
    thaw: (which) => node(which).kill('SIGCONT'),
    restartEmpty: (which) => node(which).restart(),
    contacts,
    location,
    rpc,
    async waitForContact(which, user, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await contacts(which, user);
        if (found.length > 0) return found;
        if (Date.now() > deadline)
          throw new Error(`node ${which} learnt no contact of ${user} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async holdReplication(which) {
      const { output } = await rpc(which, ['core.psx']);
      const workers = [...output.matchAll(/PID:\s*(\d+)\s+DSC:\s*DMQ WORKER/g)].map((m) => Number(m[1]));
      if (workers.length === 0) throw new Error(`node ${which}: no DMQ worker in core.psx:\n${output}`);
      for (const pid of workers) process.kill(pid, 'SIGSTOP');
      return () => {
        for (const pid of workers) process.kill(pid, 'SIGCONT');
      };
    },
    user(name) {
      const found = a.users.find((u) => u.name === name);
      if (!found) throw new Error(`no lab user ${name}`);
      return found;
    },
    stop: () => cluster.stop(),
  };
}

/** Where a voicemail server emulator listens (SIP over TLS, and its web API). */
export interface UmAt {
  readonly address: string;
  readonly port: number;
  readonly http: number;
}

/**
 * A voicemail server emulator attached to the cluster: it connects to node A and keeps B as the
 * next proxy (mutual TLS with the lab's certificates), stores its mailboxes in `dataDir` and serves
 * `dialPlan`.
 */
export function startClusterUm(
  lab: ClusterLab,
  at: UmAt,
  opts: { dataDir: string; dialPlan: string; log?: (line: string) => void },
): Promise<RunningUm> {
  return startUmServer({
    sipHost: at.address,
    sipPort: at.port,
    proxyHost: lab.node('a').config.host,
    proxyHosts: [lab.node('b').config.host],
    proxyTlsPort: lab.node('a').config.peerTlsPort,
    domain: lab.domain,
    ...labUmTls(lab.node('a').paths),
    dataDir: opts.dataDir,
    httpPort: at.http,
    dialPlans: [opts.dialPlan],
    log: opts.log ?? (() => undefined),
  });
}
