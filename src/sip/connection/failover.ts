/**
 * What lets one sign-in move between servers without losing itself: the server list (one step on
 * after each loss), the one Registerer kept across connections (its Call-ID: one contact at the
 * registrar, however many servers it went through), and the CRLF watchdog on each connection
 * (a frozen server is left in seconds, not the OPTIONS probe's 15 s).
 *
 * RFC 5626 outbound (reg-id, +sip.instance) is deliberately not used: the same Call-ID already
 * keeps one binding across servers (RFC 3261 §10.3 step 7), the lab's proxies reach a WebSocket
 * held by another node through Path, and outbound would add a module, flow tokens and a GRUU
 * Contact to every node for no gain to a phone that keeps one flow at a time.
 */
import type { UserAgent } from 'sip.js';
import { parseServerList } from '../../config/server-list';
import type { RegistrationReason } from '../reasons';
import { REGISTER_EXPIRES } from '../registration/registration';
import { SharedRegisterer } from '../registration/shared-registerer';
import type { ConnectionScope } from './connection-scope';
import { CrlfWatchdog, WATCHDOG_IDLE_MS, WATCHDOG_SILENCE_MS } from './crlf-watchdog';
import { isListTransport } from './server-list-transport';
import { ServerRotation } from './server-rotation';

export class Failover {
  readonly rotation: ServerRotation;
  private registerer?: SharedRegisterer;

  constructor(serverUrl: string) {
    const servers = parseServerList(serverUrl);
    // An empty setting still makes one (failing) attempt, reported like any unreachable server.
    this.rotation = new ServerRotation(servers.length > 0 ? servers : [serverUrl]);
  }

  /** The sign-in's one Registerer (made with its UserAgent's first connection). */
  registererFor(ua: UserAgent): SharedRegisterer {
    return (this.registerer ??= new SharedRegisterer(ua, { expires: REGISTER_EXPIRES }));
  }

  /** Watches `scope`'s connection for a silent server until the connection ends. */
  watch(scope: ConnectionScope, onDead: (reason: RegistrationReason) => void): void {
    const transport = scope.ua.transport;
    if (!isListTransport(transport)) return;
    const watchdog = new CrlfWatchdog(transport, {
      idleMs: WATCHDOG_IDLE_MS,
      silenceMs: WATCHDOG_SILENCE_MS,
      onDead: (silentForMs) =>
        onDead({ kind: 'keep-alive-unanswered', seconds: Math.max(1, Math.round(silentForMs / 1000)) }),
    });
    scope.own({ abandon: () => watchdog.stop() });
    watchdog.start();
  }
}
