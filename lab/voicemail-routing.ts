/**
 * The lab proxy's MS-EUMR 3.1.1 data model: dial plans, their UM servers and
 * which dial plan each user belongs to, turned into the lines of the
 * generated Kamailio include (lab_vm / lab_um_peers htables, see
 * lab/kamailio/kamailio.cfg). Pure: no I/O.
 */

/** One Exchange UM server of a dial plan. */
export interface UmServerEntry {
  /** Where it listens (and connects from): an IPv4 address on loopback. */
  address: string;
  /** Its SIP/TLS port. */
  port: number;
  /** Server version; only the highest version of a dial plan is used (MS-EUMR 3.1.5 step 7). */
  version: number;
  /** Its FQDN in the Request-URI (MS-EUMR 2.2.2). Default: the address. */
  fqdn?: string;
}

export interface DialPlanConfig {
  /** Dial plan name: the user part of the Request-URI sent to its UM servers (MS-EUMR 2.2.2). */
  name: string;
  /** In the order the proxy tries them (among the highest version). */
  umServers: readonly UmServerEntry[];
}

export const DEFAULT_DIAL_PLAN = 'umphone-dialplan';

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const FQDN_RE =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * MS-EUMR 3.1.5 step 7: "If there are multiple UM servers in the user's dial
 * plan with different versions, the proxy must restrict the ordering to UM
 * servers with the highest version." The configured order is kept among them.
 */
export function umOrdering(plan: DialPlanConfig): UmServerEntry[] {
  if (plan.umServers.length === 0) return [];
  const highest = Math.max(...plan.umServers.map((s) => s.version));
  return plan.umServers.filter((s) => s.version === highest);
}

/** Parses `addr:port[@version],...` (LAB_UM_SERVERS). */
export function parseUmServers(text: string): UmServerEntry[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const m = /^([\d.]+):(\d{1,5})(?:@(\d{1,6}))?$/.exec(part);
      if (!m) throw new Error(`LAB_UM_SERVERS: expected addr:port[@version], got ${JSON.stringify(part)}`);
      return { address: m[1] ?? '', port: Number(m[2]), version: Number(m[3] ?? 1) };
    });
}

export function validateDialPlans(
  plans: readonly DialPlanConfig[],
  userDialPlans: Readonly<Record<string, string>>,
): void {
  if (plans.length === 0) throw new Error('at least one dial plan is needed');
  const names = new Set<string>();
  for (const plan of plans) {
    if (!NAME_RE.test(plan.name)) throw new Error(`bad dial plan name ${JSON.stringify(plan.name)}`);
    if (names.has(plan.name)) throw new Error(`duplicate dial plan ${plan.name}`);
    names.add(plan.name);
    if (plan.umServers.length === 0) throw new Error(`dial plan ${plan.name} has no UM server`);
    for (const s of plan.umServers) {
      if (!IPV4.test(s.address))
        throw new Error(`UM server address must be IPv4, got ${JSON.stringify(s.address)}`);
      if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535)
        throw new Error(`UM server port must be 1-65535, got ${s.port}`);
      if (!Number.isInteger(s.version) || s.version < 0)
        throw new Error(`UM server version must be an integer`);
      if (s.fqdn !== undefined && !FQDN_RE.test(s.fqdn))
        throw new Error(`bad UM server fqdn ${JSON.stringify(s.fqdn)}`);
    }
  }
  for (const [user, plan] of Object.entries(userDialPlans)) {
    if (!names.has(plan)) throw new Error(`user ${user}: unknown dial plan ${JSON.stringify(plan)}`);
  }
}

/**
 * htable assignments for the generated include (values already validated:
 * names, addresses and ports contain no quotes or `$`). Users without an
 * entry in `userDialPlans` belong to the first dial plan; a user mapped to
 * '' is not UM-enabled.
 */
export function voicemailIncludeLines(
  users: readonly string[],
  plans: readonly DialPlanConfig[],
  userDialPlans: Readonly<Record<string, string>>,
): string[] {
  const lines: string[] = [];
  const first = plans[0]?.name ?? DEFAULT_DIAL_PLAN;
  for (const user of users) {
    const plan = user in userDialPlans ? userDialPlans[user] : first;
    if (plan) lines.push(`\t$sht(lab_vm=>dp::${user}) = "${plan}";`);
  }
  const peers = new Set<string>();
  for (const plan of plans) {
    const ordered = umOrdering(plan);
    lines.push(`\t$sht(lab_vm=>n::${plan.name}) = ${ordered.length};`);
    ordered.forEach((s, i) => {
      lines.push(`\t$sht(lab_vm=>fqdn::${plan.name}::${i}) = "${(s.fqdn ?? s.address).toLowerCase()}";`);
      lines.push(`\t$sht(lab_vm=>addr::${plan.name}::${i}) = "${s.address}";`);
      lines.push(`\t$sht(lab_vm=>port::${plan.name}::${i}) = "${s.port}";`);
    });
    // Every UM server of a dial plan is a trusted peer, whatever its version.
    for (const s of plan.umServers) peers.add(s.address);
  }
  for (const address of peers) lines.push(`\t$sht(lab_um_peers=>${address}) = 1;`);
  return lines;
}
