/**
 * A lab of two Kamailio nodes (LAB_NODES=2): each a full lab proxy (startLab) on its own loopback
 * address, never 127.0.0.1 (where the browsers' connections start), with the same ports. They
 * share registrations (dmq_usrloc), dialog ends and presence documents over DMQ, reach a client
 * connection held by the other node through its Path, answer to one Record-Route name
 * (proxy.<domain>), and accept each other's relaying and replication only over mutual TLS with the
 * proxy certificate of the one lab CA they share (kamailio.cfg, "cluster" routes).
 *
 * Node A (the first) is the default: the voicemail servers connect to it first and the notifier
 * listens on its address. Runtime dir lab/run/<name>/ holds certs/ and one dir per node.
 */
import { mkdirSync, rmSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { startLab, type LabConfig, type RunningLab } from './lab';
import { resolveLabConfig } from './proxy/config';
import { labPaths, writeTlsFiles } from './proxy/files';

/** The nodes' addresses: 127.0.0.11, 127.0.0.12 (in the lab certificate's SAN, certs.sh). */
export const CLUSTER_NODE_ADDRESSES = ['127.0.0.11', '127.0.0.12'] as const;

export interface RunningCluster {
  /** The nodes, A first (the default). */
  readonly nodes: readonly RunningLab[];
  /** Node A's configuration (ports, domain, UM and notifier settings are the same on both). */
  readonly config: LabConfig;
  /** The lab CA and certificates both nodes use (the voicemail servers and the notifier too). */
  readonly paths: RunningLab['paths'];
  /** ws:// and wss:// URLs of every node, A first. */
  readonly wsUrls: readonly string[];
  readonly wssUrls: readonly string[];
  /** Stops every node and removes the runtime dir. Idempotent. */
  stop(): Promise<void>;
}

/** LAB_NODES: 1 (default) or 2. */
export function labNodesFromEnv(source: NodeJS.ProcessEnv = process.env): 1 | 2 {
  const value = source.LAB_NODES ?? '';
  if (value === '' || value === '1') return 1;
  if (value === '2') return 2;
  throw new Error(`LAB_NODES must be 1 or 2, got ${JSON.stringify(value)}`);
}

/**
 * Starts node A, then node B (which pulls A's registrations). `opts` are LabConfig options for
 * both (ports, domain, voicemail routing, notifier...); `host`, `runDir`, `clusterPeer` and
 * `certDir` are set per node.
 */
export async function startCluster(opts: Partial<LabConfig> = {}): Promise<RunningCluster> {
  const base = resolveLabConfig(opts);
  const clusterDir = base.runDir;
  const certDir = path.join(clusterDir, 'certs');
  const [addressA, addressB] = CLUSTER_NODE_ADDRESSES;
  const nodeOptions = (letter: 'a' | 'b', host: string, peer: string): Partial<LabConfig> => ({
    ...opts,
    name: `${base.name}-${letter}`,
    host,
    clusterPeer: peer,
    runDir: path.join(clusterDir, letter),
    certDir,
    notifierHost: opts.notifierHost || addressA,
  });
  mkdirSync(clusterDir, { recursive: true });
  // One CA and one proxy certificate for both nodes, made before either starts.
  const configA = resolveLabConfig(nodeOptions('a', addressA, addressB));
  mkdirSync(configA.runDir, { recursive: true });
  await writeTlsFiles(configA, labPaths(configA));

  const nodes: RunningLab[] = [];
  const removeDir = (): void => {
    if (base.keepRunDir) return;
    rmSync(certDir, { recursive: true, force: true });
    try {
      rmdirSync(clusterDir);
    } catch {
      // not empty (a node kept its dir) or gone
    }
  };
  try {
    nodes.push(await startLab(nodeOptions('a', addressA, addressB)));
    nodes.push(await startLab(nodeOptions('b', addressB, addressA)));
  } catch (error) {
    for (const node of nodes) await node.stop();
    removeDir();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const first = nodes[0] as RunningLab;
  return {
    nodes,
    config: first.config,
    paths: first.paths,
    wsUrls: nodes.map((n) => n.wsUrl),
    wssUrls: nodes.map((n) => n.wssUrl),
    stop() {
      stopping ??= (async () => {
        for (const node of [...nodes].reverse()) await node.stop();
        removeDir();
      })();
      return stopping;
    },
  };
}
