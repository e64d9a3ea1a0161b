/**
 * The build's changes to SIP.js's grammar (scripts/sipjs-grammar-slim.ts, then
 * scripts/sipjs-grammar-tables.ts, wired in scripts/sipjs-grammar-plugin.ts) apply to the installed SIP.js, and the changed grammar reads
 * every input as the original does: the same value, or an error where the original has one, for
 * every start rule, on header values from real messages and on thousands of mutations of them.
 * The error's message is not compared: the build drops peggy's error reporting, whose one caller
 * (SIP.js's Grammar.parse) catches the error and returns -1. Loads both versions side by side.
 */
import { describe, expect, it } from 'vitest';
import { absoluteImports, importModuleCopy, readText } from '../../scripts/import-module-copy';
import { slimGrammar } from '../../scripts/sipjs-grammar-slim';
import { hoistGrammarTables } from '../../scripts/sipjs-grammar-tables';
import { sampleInvite, sampleRegisterResponses } from './warm-up';

type Grammar = { parse(input: string, options: { startRule: string; data?: unknown }): unknown };

const GRAMMAR = new URL('../../node_modules/sip.js/lib/grammar/pegjs/dist/grammar.js', import.meta.url);

/** The grammar as scripts/sipjs-grammar-plugin.ts builds it: slimmed, then its table hoisted. */
function built(source: string): string {
  const slim = slimGrammar(source);
  const changed = slim === undefined ? undefined : hoistGrammarTables(slim);
  if (changed === undefined) throw new Error('the installed grammar.js is not the one the build steps know');
  return changed;
}

async function grammars(): Promise<{ original: Grammar; changed: Grammar; rules: string[]; source: string }> {
  const source = readText(GRAMMAR);
  // The copy imports SIP.js's own NameAddrHeader and URI, so results compare class for class.
  const loaded = await importModuleCopy<Grammar>(absoluteImports(built(source), GRAMMAR), 'grammar.js');
  const original = (await import(/* @vite-ignore */ GRAMMAR.href)) as Grammar;
  const rules = [
    ...(/const peg\$startRuleIndices = \{([^}]*)\}/.exec(source)?.[1] ?? '').matchAll(/(\w+):/g),
  ].map((m) => m[1]!);
  return { original, changed: loaded, rules, source };
}

/**
 * What SIP.js's Grammar.parse makes of a parse: the `options.data` the semantic actions fill in
 * (with the rule's own value), or -1 for any throw.
 */
function outcome(grammar: Grammar, input: string, startRule: string): unknown {
  const options: { startRule: string; data?: unknown } = { startRule };
  try {
    return { value: grammar.parse(input, options), data: options.data };
  } catch {
    return 'error';
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
    ...Object.values(VALID).flat(),
    '<sip: um.invalid:5066;transport=Tls;ms-opaque=a752506cbee22182>;automata',
    'SIP/2.0/WSS [2001:db8::1]:5061;branch=z9hG4bK1;received=2001:db8::2',
  ];
}

/**
 * Values each start rule accepts (RFC 3261 §25 and the extensions' grammars), so that every rule,
 * and the mutations of its own values, has parses whose values are compared, not only failures.
 */
const VALID: Readonly<Record<string, readonly string[]>> = {
  Contact: [
    '<sip:alice@192.0.2.1:5060;transport=ws>;expires=600;q=0.5, "Bob" <sip:bob@host>',
    '*',
    '<sip:um@um.invalid;transport=tls;ms-opaque=a752506cbee22182>;automata;+sip.instance="<urn:uuid:1>"',
  ],
  Name_Addr_Header: ['"Bob \\"B\\" <x>" <sip:bob@umphone.test;opaque=app:voicemail>;tag=1', 'sip:a@b;tag=x'],
  Record_Route: ['<sip:192.0.2.1;lr;transport=ws>, <sip:p2.example.com;lr;r2=on>'],
  Request_Response: ['INVITE sip:bob@umphone.test;opaque=app:voicemail SIP/2.0', 'SIP/2.0 180 Ringing'],
  SIP_URI: ['sips:alice:pw@[2001:db8::1]:5061;maddr=239.255.255.1;ttl=15;method=INVITE?Subject=hi&X=%41'],
  Subscription_State: ['active;expires=600', 'terminated;reason=timeout;retry-after=30', 'pending;x=y'],
  Supported: ['timer, 100rel, replaces', 'gruu'],
  Require: ['100rel', 'timer, ice'],
  Via: ['SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds;rport=5060;received=192.0.2.2'],
  absoluteURI: ['wss://sip.example.com:7443/ws?x=1', 'tel:+1-201-555-0123'],
  Call_ID: ['a84b4c76e66710@pc33.atlanta.com', 'x'],
  Content_Disposition: ['session;handling=required', 'render'],
  Content_Length: ['0', '349'],
  Content_Type: ['application/sdp', 'multipart/mixed; boundary="x y"', 'message/sipfrag;version=2.0'],
  CSeq: ['314159 INVITE', '2 ACK'],
  displayName: ['"Alice Liddell"', 'Alice Liddell'],
  Event: ['presence;id=1', 'message-summary', 'refer'],
  From: ['"Alice" <sip:alice@atlanta.com>;tag=1928301774', 'sip:alice@atlanta.com;tag=x'],
  host: ['umphone.test', '192.0.2.1', '[2001:db8::1]'],
  Max_Forwards: ['70', '0'],
  Min_SE: ['90', '90;x=1'],
  Proxy_Authenticate: [
    'Digest realm="atlanta.com", domain="sip:ss1.carrier.com", qop="auth", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5',
  ],
  quoted_string: ['"a \\" b"', '""'],
  Refer_To: ['<sip:carol@umphone.test?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2>', 'sip:carol@umphone.test'],
  Replaces: ['abc@host;to-tag=1;from-tag=2;early-only'],
  Session_Expires: ['1800;refresher=uac', '90'],
  stun_URI: ['stun:stun.example.com:3478', 'stuns:[2001:db8::1]'],
  To: ['<sip:bob@umphone.test>;tag=a6c85cf', 'Bob <sip:bob@biloxi.com>'],
  turn_URI: ['turn:turn.example.com?transport=udp', 'turns:192.0.2.1:5349?transport=tcp'],
  uuid: [
    'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
    'F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6',
    '00000000-0000-0000-0000-000000000000',
  ],
  WWW_Authenticate: [
    'Digest realm="umphone.test", nonce="abc", qop="auth,auth-int", algorithm=MD5, stale=TRUE',
  ],
  challenge: ['Digest realm="r", nonce="n"', 'Other x=y'],
  sipfrag: ['SIP/2.0 200 OK', 'SIP/2.0 100 Trying'],
  // This rule, unlike the others, starts at the header's name.
  Referred_By: [
    'Referred-By: <sip:alice@umphone.test>;cid="20398823.2UWQFN309shb3@referrer.example"',
    'b: sip:a@b',
  ],
};

/** Deterministic mutations: characters dropped, doubled or replaced by SIP punctuation. */
function mutations(inputs: readonly string[], count: number): string[] {
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

describe('SIP.js grammar slimmed and its rule table decoded once (build steps)', () => {
  it('applies to the installed SIP.js and moves no line', async () => {
    const { source } = await grammars();
    const changed = built(source);
    const before = source.split('\n');
    const after = changed.split('\n');
    // Each line is as it was, or blanked in part to its own length (slimming), or one of the rule
    // table's lines, which the hoisting empties and appends after the last.
    const moved = before.filter(
      (line, i) =>
        line !== after[i] &&
        line.length !== after[i]?.length &&
        !/peg\$decode\(|peg\$bytecode = \[|^ {4}\];$/.test(line),
    );
    expect(moved).toEqual([]);
    expect(hoistGrammarTables(changed)).toBeUndefined();
    // What the slimming drops is gone: no expectations, no message builder.
    expect(changed).not.toMatch(/Expectation\(|buildMessage|peg\$fail\(|location\(\)/);
  });

  it('reads every input as the original, for every start rule', { timeout: 60_000 }, async () => {
    const { original, changed, rules } = await grammars();
    expect(rules.length).toBeGreaterThan(30);
    const inputs = corpus();
    const mutated = mutations(inputs, 1500);
    let compared = 0;
    let failed = 0;
    const parsedBy = new Map<string, number>();
    for (const rule of rules) {
      const own = VALID[rule] ?? [];
      const big = rule === 'Request_Response' || rule === 'Via' || rule === 'Contact';
      for (const input of [
        ...inputs,
        ...mutations(own.length ? own : inputs, 150),
        ...(big ? mutated : []),
      ]) {
        const expected = outcome(original, input, rule);
        expect(outcome(changed, input, rule), `${rule}: ${input}`).toEqual(expected);
        compared++;
        if (expected === 'error') failed++;
        else parsedBy.set(rule, (parsedBy.get(rule) ?? 0) + 1);
      }
    }
    expect(compared).toBeGreaterThan(5000);
    // Both kinds of outcome are well represented, and every start rule parses some of its inputs,
    // so neither half of the claim (same value; error where the original errs) is empty.
    expect(failed).toBeGreaterThan(1000);
    expect(compared - failed).toBeGreaterThan(1000);
    expect(rules.filter((rule) => (parsedBy.get(rule) ?? 0) < 3)).toEqual([]);
  });
});
