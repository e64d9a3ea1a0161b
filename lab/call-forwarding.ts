/**
 * The lab's per-user call forwarding setting (issue #4), the "forwarding destination" of
 * MS-EUMR 3.2 (Call Forwarded / Call Forwarding Failed events, 3.2.4.2 and 3.2.4.3).
 *
 * Semantics (the routing itself is in kamailio/kamailio.cfg, route[FORWARD]): immediate
 * forwarding. An INVITE to a user with a forwarding target rings the target's registered
 * contacts instead of the user's; the Request-URI becomes the target. Only one hop: the
 * target's own forwarding is not followed. Not forwarded: requests from a UM server,
 * `Ms-Sensitivity: private-no-diversion` INVITEs, and calls whose caller is the target.
 * An unanswered forwarded call stays the user's call (MS-EUMR 3.1 routes it to the user's
 * voicemail, Diversion naming the user).
 *
 * This file only validates and formats the data: lab.ts puts it into the `lab_fwd` htable
 * (user → target URI) at start-up and changes it at run time over Kamailio's ctl socket.
 */

/** user → forwarding target (a lab user name, or `sip:user@<lab domain>`). */
export type CallForwardingConfig = Readonly<Record<string, string>>;

const USER_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/**
 * The target as the Request-URI the proxy routes to, `sip:<user>@<domain>`; throws when the
 * target is not a lab user of this domain, or is the forwarding user themself.
 */
export function forwardingTargetUri(
  user: string,
  target: string,
  users: readonly string[],
  domain: string,
): string {
  if (!users.includes(user)) throw new Error(`call forwarding: no lab user ${JSON.stringify(user)}`);
  let name = target.trim();
  const uri = /^sip:([^@;?\s]+)@([^;?\s:]+)$/i.exec(name);
  if (uri) {
    if ((uri[2] ?? '').toLowerCase() !== domain.toLowerCase())
      throw new Error(
        `call forwarding of ${user}: ${JSON.stringify(target)} is not in the lab domain ${domain}`,
      );
    name = uri[1] ?? '';
  } else if (/[:@]/.test(name)) {
    throw new Error(
      `call forwarding of ${user}: ${JSON.stringify(target)} is neither a user name nor sip:user@${domain}`,
    );
  }
  if (!USER_RE.test(name) || !users.includes(name))
    throw new Error(`call forwarding of ${user}: no lab user ${JSON.stringify(name)}`);
  if (name === user) throw new Error(`call forwarding of ${user}: a user cannot forward to themself`);
  return `sip:${name}@${domain.toLowerCase()}`;
}

/**
 * `LAB_CALL_FORWARDING`: `user=target` pairs separated by commas or spaces, e.g.
 * `bob=carol,alice=sip:bob@umphone.test` (targets are validated later, against the users file).
 */
export function parseCallForwarding(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(/[\s,]+/).filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1)
      throw new Error(`LAB_CALL_FORWARDING: expected user=target, got ${JSON.stringify(pair)}`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** Validates a whole setting; returns user → target URI. */
export function resolveCallForwarding(
  config: CallForwardingConfig,
  users: readonly string[],
  domain: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [user, target] of Object.entries(config)) {
    out[user] = forwardingTargetUri(user, target, users, domain);
  }
  return out;
}

/** Lines of the generated `event_route[htable:mod-init]` (values validated above). */
export function forwardingIncludeLines(resolved: Readonly<Record<string, string>>): string[] {
  return Object.entries(resolved).map(([user, uri]) => `\t$sht(lab_fwd=>${user}) = "${uri}";`);
}

/**
 * kamcmd arguments (after `-s <socket>`) that set or clear one user's forwarding at run time:
 * htable's RPC commands. `s:` makes kamcmd send the value as a string whatever it looks like.
 */
export function forwardingRpcArgs(user: string, uri: string | null): string[] {
  return uri === null
    ? ['htable.delete', 'lab_fwd', `s:${user}`]
    : ['htable.sets', 'lab_fwd', `s:${user}`, `s:${uri}`];
}
