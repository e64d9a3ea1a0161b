/**
 * Several FakeProxies as one cluster: a phone's transport connects to whichever node its server
 * rotation names when it opens a connection (as the app's ServerListTransport does with
 * WebSockets). Registrations are not replicated between the fakes: a test reads what each node
 * received. Test support only.
 */
import type { Core, UserAgentOptions } from 'sip.js';
import type { ServerRotation } from '../connection/server-rotation';
import { FakeProxy, ProxyTransport } from './fake-proxy';

export class FakeCluster {
  readonly nodes = new Map<string, FakeProxy>();

  /** One FakeProxy per server URL. */
  constructor(servers: readonly string[]) {
    for (const server of servers) this.nodes.set(server, new FakeProxy());
  }

  node(server: string): FakeProxy {
    const node = this.nodes.get(server);
    if (!node) throw new Error(`no node ${server}`);
    return node;
  }

  /** The transport class for phone `name`: each connection goes to the rotation's current node. */
  transportFor(name: string): UserAgentOptions['transportConstructor'] {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below is bound to this cluster
    const cluster = this;
    return class extends ProxyTransport {
      private readonly rotation: ServerRotation;
      constructor(_logger: Core.Logger, options: { rotation: ServerRotation }) {
        super(cluster.node(options.rotation.current), name);
        this.rotation = options.rotation;
      }
      override get server(): string {
        return this.rotation.current;
      }
      override connect(): Promise<void> {
        this.proxy = cluster.node(this.rotation.current);
        return super.connect();
      }
    };
  }
}
