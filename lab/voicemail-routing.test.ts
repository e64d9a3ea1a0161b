import { describe, expect, it } from 'vitest';
import { resolveLabConfig, labConfigFromEnv } from './lab';
import { parseUmServers, umOrdering, validateDialPlans, voicemailIncludeLines } from './voicemail-routing';

describe('MS-EUMR 3.1.5 step 7: UM server ordering', () => {
  it('keeps only the highest version, in the configured order', () => {
    const plan = {
      name: 'dp',
      umServers: [
        { address: '127.0.0.4', port: 3, version: 14 },
        { address: '127.0.0.2', port: 1, version: 15 },
        { address: '127.0.0.3', port: 2, version: 15 },
      ],
    };
    expect(umOrdering(plan).map((s) => s.address)).toEqual(['127.0.0.2', '127.0.0.3']);
  });
});

describe('the generated include', () => {
  it('maps users to dial plans, lists the ordered UM servers and trusts every UM address', () => {
    const lines = voicemailIncludeLines(
      ['alice', 'bob', 'carol'],
      [
        {
          name: 'dp1',
          umServers: [
            { address: '127.0.0.2', port: 5071, version: 2, fqdn: 'UM1.umphone.test' },
            { address: '127.0.0.4', port: 5073, version: 1 },
          ],
        },
        { name: 'dp2', umServers: [{ address: '127.0.0.3', port: 5072, version: 1 }] },
      ],
      { bob: 'dp2', carol: '' },
    );
    expect(lines).toEqual([
      '\t$sht(lab_vm=>dp::alice) = "dp1";',
      '\t$sht(lab_vm=>dp::bob) = "dp2";',
      '\t$sht(lab_vm=>n::dp1) = 1;',
      '\t$sht(lab_vm=>fqdn::dp1::0) = "um1.umphone.test";',
      '\t$sht(lab_vm=>addr::dp1::0) = "127.0.0.2";',
      '\t$sht(lab_vm=>port::dp1::0) = "5071";',
      '\t$sht(lab_vm=>n::dp2) = 1;',
      '\t$sht(lab_vm=>fqdn::dp2::0) = "127.0.0.3";',
      '\t$sht(lab_vm=>addr::dp2::0) = "127.0.0.3";',
      '\t$sht(lab_vm=>port::dp2::0) = "5072";',
      '\t$sht(lab_um_peers=>127.0.0.2) = 1;',
      '\t$sht(lab_um_peers=>127.0.0.4) = 1;',
      '\t$sht(lab_um_peers=>127.0.0.3) = 1;',
    ]);
  });
});

describe('configuration', () => {
  it('defaults keep the old behaviour: no diversion, one dial plan with the single UM', () => {
    const c = resolveLabConfig({ umAddr: '127.0.0.2', umPort: 5071 });
    expect(c.voicemailDiversion).toBe(false);
    expect(c.noAnswerSeconds).toBe(20);
    expect(c.umTimerSeconds).toBe(5);
    expect(c.avEdgeServer).toBe('');
    expect(c.dialPlans).toEqual([
      { name: 'umphone-dialplan', umServers: [{ address: '127.0.0.2', port: 5071, version: 1 }] },
    ]);
  });

  it('reads the environment', () => {
    expect(
      labConfigFromEnv({
        LAB_VOICEMAIL_DIVERSION: '1',
        LAB_NO_ANSWER_SECONDS: '4',
        LAB_UM_TIMER_SECONDS: '2',
        LAB_DIAL_PLAN: 'dp-x',
        LAB_UM_SERVERS: '127.0.0.2:5071@15, 127.0.0.3:5072',
        LAB_AV_EDGE: 'sip:edge@umphone.test;gruu',
      }),
    ).toEqual({
      voicemailDiversion: true,
      noAnswerSeconds: 4,
      umTimerSeconds: 2,
      dialPlans: [
        {
          name: 'dp-x',
          umServers: [
            { address: '127.0.0.2', port: 5071, version: 15 },
            { address: '127.0.0.3', port: 5072, version: 1 },
          ],
        },
      ],
      avEdgeServer: 'sip:edge@umphone.test;gruu',
    });
  });

  it('MS-EUMR 3.1.2: the UM server timer must stay under 180 s', () => {
    expect(() => resolveLabConfig({ umTimerSeconds: 180 })).toThrow(/180/);
    expect(() => resolveLabConfig({ umTimerSeconds: 0 })).toThrow(/180/);
    expect(resolveLabConfig({ umTimerSeconds: 179 }).umTimerSeconds).toBe(179);
  });

  it('refuses what could break the generated Kamailio include', () => {
    expect(() => parseUmServers('127.0.0.2')).toThrow(/addr:port/);
    expect(() => validateDialPlans([{ name: 'dp"; x', umServers: [] }], {})).toThrow(/dial plan name/);
    expect(() => validateDialPlans([{ name: 'dp', umServers: [] }], {})).toThrow(/no UM server/);
    expect(() =>
      validateDialPlans([{ name: 'dp', umServers: [{ address: '127.0.0.2', port: 1, version: 1 }] }], {
        bob: 'nope',
      }),
    ).toThrow(/unknown dial plan/);
    expect(() => resolveLabConfig({ avEdgeServer: 'sip:x>\r\nVia: evil' })).toThrow(/avEdgeServer/);
  });
});
