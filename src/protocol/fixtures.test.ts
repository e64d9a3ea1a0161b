import { describe, expect, it } from 'vitest';
import {
  OCEXUM_2010_2_2_5_AUTOMATA_CONTACT,
  OCEXUM_2010_2_2_5_AUTOMATA_EXAMPLE,
  OCEXUM_2010_4_3_SUBJECT_PRIORITY_INVITE,
  OCEXUM_4_1_SKIP_PIN_INVITE,
  OCEXUM_4_2_PLAY_ON_PHONE_INVITE,
  toCrlf,
} from './fixtures';

// The specification seeds are shared reference files outside the repository; when they are
// available, prove the fixtures are verbatim copies of the printed examples. Node's fs is reached
// through an untyped dynamic import because this project's tsconfig carries browser types only.
interface NodeFs {
  existsSync(path: string): boolean;
  readFileSync(path: string, encoding: 'utf8'): string;
}
const fs = (await import('node:fs' as string)) as NodeFs;
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
// The specs live in shared/ beside the repository (as in CI's clone): <repo>/../shared/seeds.
const SEEDS = env['UM_SPEC_SEEDS'] ?? new URL('../../../shared/seeds', import.meta.url).pathname;
const SEED_2013 = `${SEEDS}/000_9d96f53f8d736900.txt`;
const SEED_2010 = `${SEEDS}/002_bb1d0ec3e81c4189.txt`;

describe('fixtures', () => {
  it('keep the misprints that the parser must tolerate', () => {
    expect(OCEXUM_4_2_PLAY_ON_PHONE_INVITE).toContain('ms-received-cid=D0A300\nSIP/2.0\n');
    expect(OCEXUM_4_2_PLAY_ON_PHONE_INVITE).toContain('<sip: exchange.contoso.com:5066;');
    expect(OCEXUM_4_2_PLAY_ON_PHONE_INVITE).toMatch(/\n\.\.\.SDP SNIPPED\.\.\.\n$/);
    expect(OCEXUM_2010_2_2_5_AUTOMATA_CONTACT).toContain('contoso.com >;automata');
  });

  it('toCrlf converts LF and leaves CRLF alone', () => {
    expect(toCrlf('a\nb\r\nc\n')).toBe('a\r\nb\r\nc\r\n');
  });

  it.skipIf(!fs.existsSync(SEED_2013))('MS-OCEXUM 2013 examples are verbatim copies of seed 000', () => {
    const seed = fs.readFileSync(SEED_2013, 'utf8');
    expect(seed).toContain(`\`\`\`\n${OCEXUM_4_1_SKIP_PIN_INVITE}\`\`\``);
    expect(seed).toContain(`\`\`\`\n${OCEXUM_4_2_PLAY_ON_PHONE_INVITE}\`\`\``);
  });

  it.skipIf(!fs.existsSync(SEED_2010))('MS-OCEXUM 2010 examples are verbatim copies of seed 002', () => {
    const seed = fs.readFileSync(SEED_2010, 'utf8');
    expect(seed).toContain(`\`\`\`\n${OCEXUM_2010_4_3_SUBJECT_PRIORITY_INVITE}\`\`\``);
    expect(seed).toContain(`\`\`\`\n${OCEXUM_2010_2_2_5_AUTOMATA_EXAMPLE}\`\`\``);
    expect(OCEXUM_2010_2_2_5_AUTOMATA_EXAMPLE).toContain(`${OCEXUM_2010_2_2_5_AUTOMATA_CONTACT}\n`);
  });
});

// The e2e journey (e2e/specs/seed-play-on-phone.spec.ts) sends these examples from its own copies
// (e2e/fixtures/seeds/*.sip). Each copy must be the printed example with exactly the changes its
// header comment lists, and nothing else: the edits below are those lists, applied to the verbatim
// fixtures above.
interface SeedFs {
  readFileSync(path: string, encoding: 'utf8'): string;
}
const seedFs = fs as unknown as SeedFs;
const seedTemplateOf = (name: string) => {
  const text = seedFs.readFileSync(
    new URL(`../../e2e/fixtures/seeds/${name}`, import.meta.url).pathname,
    'utf8',
  );
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((line) => !line.startsWith('#'))).join('\n');
};
const VIA = 'Via: SIP/2.0/TLS 127.0.0.2:15071;rport;branch={{branch}}\n';

describe('e2e seed fixtures: the printed examples with only the listed changes', () => {
  it('MS-OCEXUM 4.2', () => {
    const expected = OCEXUM_4_2_PLAY_ON_PHONE_INVITE
      // 1. Request-Line joined; Request-URI -> bob's AOR (host, port and ;transport=tls)
      .replace(
        'INVITE sip:172.19.58.98:2280;transport=tls;ms-opaque=ce5f21cc9d;ms-received-cid=D0A300\nSIP/2.0\n',
        // 2. Via added
        `INVITE sip:bob@umphone.test;ms-opaque=ce5f21cc9d;ms-received-cid=D0A300 SIP/2.0\n${VIA}`,
      )
      // 3. From and To: user and host
      .replaceAll('alice@contoso.com', 'bob@umphone.test')
      // 4. Contact: host and port
      .replace('<sip: exchange.contoso.com:5066;', '<sip: 127.0.0.2:15071;')
      // 5. Content-Length
      .replace('Content-Length: 317\n', 'Content-Length: {{content-length}}\n')
      // 6. a real offer instead of the snipped one
      .replace('...SDP SNIPPED...\n', '\n{{sdp}}\n');
    expect(seedTemplateOf('ocexum-2013-4.2-play-on-phone.sip')).toBe(expected);
  });

  it('MS-OCEXUM 2010 ed. 2.2.5', () => {
    const expected = OCEXUM_2010_2_2_5_AUTOMATA_EXAMPLE
      // 1. the "SIP URI" placeholders -> bob's address; 4. From tag
      .replace('INVITE SIP URI SIP/2.0\n', `INVITE sip:bob@umphone.test SIP/2.0\n${VIA}`)
      .replace('From: SIP URI\n', 'From: sip:bob@umphone.test;tag=ocexum225\n')
      .replace('To: SIP URI\n', 'To: sip:bob@umphone.test\n')
      // 2. the empty line before Contact dropped
      .replace('\n\nContact:', '\nContact:')
      // 3. Contact host and port
      .replace('<sip:exchangeum@contoso.com >', '<sip:exchangeum@127.0.0.2:15071 >')
      // 5. what an illustration leaves out
      .concat(
        'Max-Forwards: 70\n',
        'Call-ID: ocexum-2010-2-2-5-automata@127.0.0.2\n',
        'CSeq: 1 INVITE\n',
        'Content-Type: application/sdp\n',
        'Content-Length: {{content-length}}\n',
        '\n{{sdp}}\n',
      );
    expect(seedTemplateOf('ocexum-2010-2.2.5-automata.sip')).toBe(expected);
  });

  it('MS-OCEXUM 2010 ed. 4.3', () => {
    const expected = OCEXUM_2010_4_3_SUBJECT_PRIORITY_INVITE
      // 3. the code block's empty first line and whitespace-only last line
      .replace(/^\n/, '')
      .replace(/\n {2}\n$/, '\n')
      // 1. host; 2. ;opaque=app:voicemail removed from the Request-URI and To; Via added
      .replace(
        'INVITE sip:bob@contoso.com;opaque=app:voicemail SIP/2.0\n',
        `INVITE sip:bob@umphone.test SIP/2.0\n${VIA}`,
      )
      // 4. From tag
      .replace('From: sip:bob@contoso.com\n', 'From: sip:bob@umphone.test;tag=ocexum43\n')
      .replace('To:sip:bob@contoso.com;opaque=app:voicemail\n', 'To:sip:bob@umphone.test\n')
      // 5. what the example leaves out
      .concat(
        'Max-Forwards: 70\n',
        'Call-ID: ocexum-2010-4-3-subject-priority@127.0.0.2\n',
        'CSeq: 1 INVITE\n',
        'Contact: <sip:um@127.0.0.2:15071;transport=tls>;automata\n',
        'Content-Type: application/sdp\n',
        'Content-Length: {{content-length}}\n',
        '\n{{sdp}}\n',
      );
    expect(seedTemplateOf('ocexum-2010-4.3-subject-priority.sip')).toBe(expected);
  });
});
