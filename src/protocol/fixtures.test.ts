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
