/** Readiness of a lab Kamailio: its WebSocket listener answers HTTP once its workers are up. */
import net from 'node:net';

/** Resolves true once the WS listener answers an HTTP request (Kamailio's workers are up). */
export function probeWs(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () =>
      socket.write(`GET / HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`),
    );
    socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('HTTP/1.')));
  });
}
