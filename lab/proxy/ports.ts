/**
 * Whether the lab's TCP ports are free. kamailio.cfg sets tcp_reuse_port (route[TO_SERVER]), so
 * Kamailio's TCP and TLS listeners take SO_REUSEPORT, and a second Kamailio of the same user binds
 * a port the first already listens on without an error (the kernel then shares its connections
 * between the two): the lab asks before it starts one.
 */
import net from 'node:net';

export async function assertPortsFree(host: string, ports: readonly number[]): Promise<void> {
  for (const port of ports) {
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const server = net.createServer();
      server.once('error', (e: NodeJS.ErrnoException) => resolve(e));
      server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
    });
    if (error?.code === 'EADDRINUSE') throw new Error(`${host}:${port} is in use: is another lab running?`);
    if (error) throw error;
  }
}
