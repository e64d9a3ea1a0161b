/**
 * The build's change to SIP.js's grammar (scripts/sipjs-grammar-tables.ts) applies to the installed
 * SIP.js, and the changed grammar reads every input exactly as the original: the same value, or
 * the same error, for every start rule SIP.js uses, on header values from real messages and on
 * thousands of mutations of them. Loads both versions of the module side by side.
 */
import { describe, expect, it } from 'vitest';
import { hoistGrammarTables } from '../../scripts/sipjs-grammar-tables';
import { sampleInvite, sampleRegisterResponses } from './warm-up';

interface NodeFs {
  readFileSync(path: URL, encoding: 'utf8'): string;
  writeFileSync(path: URL, data: string): void;
  mkdtempSync(prefix: string): string;
  rmSync(path: string, options: { recursive: boolean; force: boolean }): void;
}
type Grammar = { parse(input: string, options: { startRule: string }): unknown };

const GRAMMAR = new URL('../../node_modules/sip.js/lib/grammar/pegjs/dist/grammar.js', import.meta.url);

async function grammars(): Promise<{ original: Grammar; changed: Grammar; rules: string[]; source: string }> {
  // node:fs by name: this project's tsconfig carries browser types only.
  const fs = (await import(/* @vite-ignore */ 'node:fs' as string)) as NodeFs;
  const os = (await import(/* @vite-ignore */ 'node:os' as string)) as { tmpdir(): string };
  const source = fs.readFileSync(GRAMMAR, 'utf8');
  const changed = hoistGrammarTables(source);
  if (changed === undefined) throw new Error('the installed grammar.js is not the one the build step knows');
  // The copy imports SIP.js's own NameAddrHeader and URI, so results compare class for class.
  const absolute = changed.replace(
    /from "(\.\.\/\.\.\/[^"]+)"/g,
    (_, rel: string) => `from "${new URL(rel, GRAMMAR).href}"`,
  );
  const dir = fs.mkdtempSync(`${os.tmpdir()}/um-grammar-`);
  const copy = new URL(`file://${dir}/grammar.js`);
  fs.writeFileSync(copy, absolute);
  const original = (await import(/* @vite-ignore */ GRAMMAR.href)) as Grammar;
  let loaded: Grammar;
  try {
    loaded = (await import(/* @vite-ignore */ copy.href)) as Grammar;
  } finally {
    // loaded into memory: the copy is no longer needed
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const rules = [
    ...(/const peg\$startRuleIndices = \{([^}]*)\}/.exec(source)?.[1] ?? '').matchAll(/(\w+):/g),
  ].map((m) => m[1]!);
  return { original, changed: loaded, rules, source };
}

function outcome(grammar: Grammar, input: string, startRule: string): unknown {
  try {
    return { value: grammar.parse(input, { startRule }) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Header values and start lines from the messages the phone reads, and a few hostile ones. */
function corpus(): string[] {
  const messages = [sampleInvite('sip:bob@umphone.test'), ...sampleRegisterResponses('sip:bob@umphone.test')];
  const lines = messages.flatMap((m) => (m.split('\r\n\r\n')[0] ?? '').split('\r\n'));
  const values = lines.map((l) => /^[A-Za-z-]+:\s*(.*)$/.exec(l)?.[1] ?? l);
  return [
    ...lines,
    ...values,
    '<sip: um.invalid:5066;transport=Tls;ms-opaque=a752506cbee22182>;automata',
    '"Bob \\"B\\" <x>" <sip:bob@umphone.test;opaque=app:voicemail>;tag=1',
    'active;expires=600',
    '<sip:carol@umphone.test?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2>',
    'Digest realm="umphone.test", nonce="abc", qop="auth,auth-int", algorithm=MD5, stale=TRUE',
    'application/sdp; charset=utf-8',
    'SIP/2.0/WSS [2001:db8::1]:5061;branch=z9hG4bK1;received=2001:db8::2',
  ];
}

/** Deterministic mutations: characters dropped, doubled or replaced by SIP punctuation. */
function mutations(inputs: string[], count: number): string[] {
  let seed = 17;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const punctuation = '<>;:@"\\ ,=?%[]/\t';
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = inputs[next() % inputs.length]!;
    const at = next() % (s.length + 1);
    const kind = next() % 3;
    const char = punctuation[next() % punctuation.length]!;
    out.push(
      kind === 0
        ? s.slice(0, at) + s.slice(at + 1)
        : kind === 1
          ? s.slice(0, at) + char + s.slice(at)
          : s.slice(0, at) + char + s.slice(at + 1),
    );
  }
  return out;
}

describe('SIP.js grammar with its rule table decoded once (build step)', () => {
  it('applies to the installed SIP.js and moves no line', async () => {
    const { source } = await grammars();
    const changed = hoistGrammarTables(source)!;
    const before = source.split('\n');
    const after = changed.split('\n');
    const moved = before.filter(
      (line, i) => line !== after[i] && !/peg\$decode\(|peg\$bytecode = \[|^ {4}\];$/.test(line),
    );
    expect(moved).toEqual([]);
    expect(hoistGrammarTables(changed)).toBeUndefined();
  });

  it('reads every input exactly as the original, for every start rule', async () => {
    const { original, changed, rules } = await grammars();
    expect(rules.length).toBeGreaterThan(30);
    const inputs = corpus();
    const all = [...inputs, ...mutations(inputs, 1500)];
    let compared = 0;
    for (const rule of rules)
      for (const input of rule === 'Request_Response' || rule === 'Via' || rule === 'Contact'
        ? all
        : inputs) {
        expect(outcome(changed, input, rule), `${rule}: ${input}`).toEqual(outcome(original, input, rule));
        compared++;
      }
    expect(compared).toBeGreaterThan(5000);
  });
});
