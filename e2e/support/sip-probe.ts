/**
 * One-shot SIP probes over every transport the lab proxy listens on (UDP, TCP, TLS, WS, WSS), for
 * the adversarial specs: an outsider with a socket and no credentials. A probe is raw text (so a
 * spec can bend header names, fold lines or repeat headers) sent from a fresh socket; the answer
 * is the first final response with the probe's Call-ID.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import WebSocket from 'ws';
import { E2E_LAB } from './e2e-config';
import { SipMessage, SipStreamParser } from './sip-message';

export type Transport = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';
export const TRANSPORTS: readonly Transport[] = ['udp', 'tcp', 'tls', 'ws', 'wss'];

export interface ProxyPorts {
  host: string;
  tcpPort: number;
  tlsPort: number;
  wsPort: number;
  wssPort: number;
}

/** Where the shared e2e lab's proxy listens. */
export const E2E_PROXY_PORTS: ProxyPorts = {
  host: '127.0.0.1',
  tcpPort: E2E_LAB.tcpPort,
  tlsPort: E2E_LAB.tlsPort,
  wsPort: E2E_LAB.wsPort,
  wssPort: E2E_LAB.wssPort,
};

/** The Via transport token of RFC 3261 18 / RFC 7118 5.2. */
export function viaTransport(t: Transport): string {
  return t.toUpperCase();
}

/** Where a transport's listener is. */
export function portOf(ports: ProxyPorts, t: Transport): number {
  return t === 'udp' || t === 'tcp'
    ? ports.tcpPort
    : t === 'tls'
      ? ports.tlsPort
      : t === 'ws'
        ? ports.wsPort
        : ports.wssPort;
}

/**
 * Sends `text` over a new connection of transport `t` and resolves with the first final response
 * whose Call-ID is `callId` (provisional ones are skipped), or rejects after `timeoutMs`.
 */
export async function probe(
  ports: ProxyPorts,
  t: Transport,
  text: string,
  callId: string,
  timeoutMs = 5000,
): Promise<SipMessage> {
  let close = (): void => undefined;
  try {
    return await new Promise<SipMessage>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${t}: no final answer to the probe within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (m: SipMessage): void => {
        if (m.kind === 'response' && m.callId === callId && m.status >= 200) {
          clearTimeout(timer);
          resolve(m);
        }
      };
      const parse = (data: Buffer): void => {
        try {
          onMessage(new SipMessage(data.toString('utf8')));
        } catch {
          // keep-alive or garbage
        }
      };
      const port = portOf(ports, t);
      if (t === 'udp') {
        const socket = dgram.createSocket('udp4');
        close = () => socket.close();
        socket.on('message', parse);
        socket.on('error', reject);
        socket.bind(0, ports.host, () => socket.send(text, port, ports.host));
      } else if (t === 'tcp' || t === 'tls') {
        const parser = new SipStreamParser(onMessage);
        const socket =
          t === 'tcp'
            ? net.connect({ host: ports.host, port }, () => socket.write(text))
            : tls.connect({ host: ports.host, port, rejectUnauthorized: false }, () => socket.write(text));
        close = () => socket.destroy();
        socket.on('data', (chunk: Buffer) => parser.push(chunk));
        socket.on('error', reject);
      } else {
        const ws = new WebSocket(`${t}://${ports.host}:${port}`, 'sip', { rejectUnauthorized: false });
        close = () => ws.terminate();
        ws.on('open', () => ws.send(text));
        ws.on('message', (data: WebSocket.RawData) =>
          parse(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)),
        );
        ws.on('error', reject);
      }
    });
  } finally {
    close();
  }
}

/** A Via line for a probe sent over `t` (its sent-by is never used: rport). */
export function probeVia(t: Transport, branch: string): string {
  return `Via: SIP/2.0/${viaTransport(t)} probe.invalid;branch=${branch};rport`;
}
