/**
 * The `-A NAME=value` defines that carry a LabConfig into lab/kamailio/kamailio.cfg (every value
 * was validated by resolveLabConfig; strings are passed quoted).
 */
import type { LabConfig } from './config';
import { proxyTlsName, umTlsName, type LabPaths } from './files';

export function defines(c: LabConfig, p: LabPaths, debugLevel = c.debugLevel, ngPort = 0): string[] {
  const str = (value: string) => `"${value}"`;
  const d: Record<string, string> = {
    LAB_IP: c.host,
    LAB_WS_PORT: String(c.wsPort),
    LAB_WSS_PORT: String(c.wssPort),
    LAB_TCP_PORT: String(c.tcpPort),
    LAB_TLS_PORT: String(c.tlsPort),
    LAB_PEER_TLS_PORT: String(c.peerTlsPort),
    LAB_DOMAIN: str(c.domain),
    // The address browsers connect from: the proxy's own, or in a cluster (whose nodes are on
    // other loopback addresses) 127.0.0.1, which is where a loopback client's connections start.
    LAB_LOOPBACK: str(c.clusterPeer === '' ? c.host : '127.0.0.1'),
    LAB_UM_ADDR: str(c.umAddr),
    LAB_UM_PORT: str(String(c.umPort)),
    LAB_PRESENCE_URI: str(`sip:${c.host}:${c.tlsPort};transport=tls`),
    LAB_TLS_CFG: str(p.tlsCfg),
    // The CN of the UM servers' certificate (lab/scripts/certs.sh), checked in route[IDENTIFY].
    LAB_UM_TLS_NAME: str(umTlsName(c.domain)),
    LAB_CTL: str(`unix:${p.ctlSocket}`),
    LAB_DEBUG: String(debugLevel),
    LAB_NO_ANSWER_MS: String(Math.round(c.noAnswerSeconds * 1000)),
    LAB_UM_TIMER_MS: String(Math.round(c.umTimerSeconds * 1000)),
    LAB_AV_EDGE: str(c.avEdgeServer),
    LAB_NOTIFIER: str(`sip:${c.notifierHost || c.host}:${c.notifierPort};transport=tcp`),
  };
  if (c.clusterPeer !== '') {
    // Between the nodes: each one's servers' listener (LAB_PEER_TLS_PORT), which requires a certificate.
    const tls = (host: string) => `sip:${host}:${c.peerTlsPort};transport=tls`;
    Object.assign(d, {
      LAB_IP_STR: str(c.host),
      LAB_PEER_TLS_PORT_STR: str(String(c.peerTlsPort)),
      LAB_PEER_IP: str(c.clusterPeer),
      LAB_DMQ_SELF: str(tls(c.host)),
      LAB_DMQ_PEER: str(tls(c.clusterPeer)),
      // Both nodes hold the proxy certificate (CN proxy.<domain>), and its name is the one
      // Record-Route name both answer to (route[RECORD_ROUTE]).
      LAB_PROXY_TLS_NAME: str(proxyTlsName(c.domain)),
      LAB_CLUSTER_NAME: str(proxyTlsName(c.domain)),
      LAB_CLUSTER_RR: str(`${proxyTlsName(c.domain)};transport=tls`),
    });
  }
  const args = Object.entries(d).flatMap(([k, v]) => ['-A', `${k}=${v}`]);
  if (c.clusterPeer !== '') args.push('-A', 'WITH_CLUSTER');
  if (c.voicemailDiversion) args.push('-A', 'WITH_VM_DIVERSION');
  if (c.notifierPort !== 0) args.push('-A', 'WITH_USER_NOTIFICATIONS');
  if (c.mediaRelay) {
    args.push('-A', 'WITH_MEDIA_RELAY', '-A', `LAB_RTPENGINE_SOCK="udp:${c.host}:${ngPort || 2223}"`);
  }
  return args;
}
