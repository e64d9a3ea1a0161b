/**
 * A build step for SIP.js 0.21.2's generated SIP grammar (lib/grammar/pegjs/dist/grammar.js, made
 * by peggy with `optimize: "size"`), beside the one that decodes its rule table once
 * (sipjs-grammar-tables.ts): what can never change a parse's outcome goes (issue 17, the element's
 * weight).
 *
 * - Error reporting. peggy builds a structured error for a failed parse: an "expectation" object
 *   per literal and character class (about 150 in the constant table), the furthest failure
 *   position with what was expected there, line and column, and a message ("Expected … but …
 *   found."). Its only caller, SIP.js's `Grammar.parse` (lib/grammar/grammar.js), catches whatever
 *   is thrown and returns -1, so none of that is read. A failed parse still throws (a
 *   `SyntaxError` without a message); which inputs fail, and the value of those that do not, stay
 *   the same. The two semantic actions that read `location().start.offset` (Contact and
 *   Record-Route positions) read `peg$savedPos`, its value, instead.
 * - Rules no start rule reaches. A rule is only entered from a start rule or through another
 *   rule's RULE instruction (opcode 27), so the closure from `peg$startRuleIndices` is every rule
 *   a parse can run; the others' bytecode becomes "" and the constants (literals, classes,
 *   semantic actions) that only they use become 0. Indexes do not move.
 *
 * Lines are kept (what goes is blanked to spaces), so SIP.js's source maps stay right. Pinned to
 * the file's shape: when any piece is not found exactly as expected (another SIP.js or peggy),
 * `slimGrammar` returns undefined and the build leaves the grammar whole; the differential unit
 * test (src/sip/sipjs-grammar-tables.test.ts) then fails.
 */
import { parseSync, type ESTree } from 'vite';

/** Replaces `region` by `to` and spaces, keeping its length and where its line ends are. */
function blankTo(region: string, to: string): string {
  const head = region.slice(0, to.length);
  if (to.length > region.length || [...to].some((c, i) => (c === '\n') !== (head[i] === '\n')))
    throw new Error(`grammar edit would move a line: ${to}`);
  return to + region.slice(to.length).replace(/[^\n]/g, ' ');
}

interface TextEdit {
  readonly find: RegExp;
  readonly to: string;
  /** How many times it must match in SIP.js 0.21.2's grammar.js. */
  readonly count: number;
}

/** The error reporting, piece by piece, each pinned to its text in the generated file. */
const ERROR_REPORTING: readonly TextEdit[] = [
  // SyntaxError's message builder and formatter, and the padding helper only the latter uses.
  {
    find: /\n {4}static buildMessage\(expected, found\) \{\n[\s\S]*?\n {4}\}\n {4}format\(sources\) \{\n[\s\S]*?\n {4}\}\n(?=\}\n)/g,
    to: '\n',
    count: 1,
  },
  { find: /\nfunction peg\$padEnd\([\s\S]*?\n\}\n/g, to: '\n', count: 1 },
  // The failure bookkeeping's state.
  { find: /\n {4}const peg\$source = options\.grammarSource;/g, to: '\n', count: 1 },
  {
    find: /\n {4}const peg\$posDetailsCache = \[\{ line: 1, column: 1 \}\];\n {4}let peg\$maxFailPos = 0;\n {4}let peg\$maxFailExpected = \[\];\n {4}let peg\$silentFails = 0;/g,
    to: '\n',
    count: 1,
  },
  // location().start.offset is peg$savedPos (peg$computeLocation's start.offset is its first argument).
  { find: /\blocation\(\)\.start\.offset\b/g, to: 'peg$savedPos', count: 2 },
  // location(), expected(), error(), the expectation makers, line/column, peg$fail and the error
  // builders: everything from location() up to the rule table's decoder.
  { find: /\n {4}function location\(\) \{[\s\S]*?(?=\n {4}function peg\$decode\(s\))/g, to: '\n', count: 1 },
  // FAIL (opcode 23) records an expectation; SILENT_FAILS_ON/OFF (28, 29) only gate that.
  {
    find: /\n {24}if \(peg\$silentFails === 0\) \{\n {28}peg\$fail\(peg\$consts\[bc\[ip \+ 1\]\]\);\n {24}\}/g,
    to: '\n',
    count: 1,
  },
  { find: /\n {24}peg\$silentFails(?:\+\+|--);/g, to: '\n', count: 2 },
  // The end of a failed parse: no expectation list, position or message to build.
  {
    find: /\n {8}if \(peg\$result !== peg\$FAILED && peg\$currPos < input\.length\) \{\n {12}peg\$fail\(peg\$endExpectation\(\)\);\n {8}\}\n {8}throw peg\$buildStructuredError\([\s\S]*?\);\n/g,
    to: '\n        throw new SyntaxError("", [], null, undefined);',
    count: 1,
  },
];

/** Instruction lengths of peggy's bytecode interpreter (`peg$parseRule`); 26 (CALL) varies. */
const LENGTHS: Readonly<Record<number, number>> = {
  0: 2, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 2, 9: 1, 10: 1, 11: 2, 12: 1, 13: 3, 14: 3,
  15: 3, 16: 2, 17: 3, 18: 4, 19: 4, 20: 4, 21: 2, 22: 2, 23: 2, 24: 2, 25: 1, 27: 2, 28: 1, 29: 1,
}; // prettier-ignore
/**
 * Instructions whose first operand is a constant the parse reads: PUSH (0), MATCH_STRING (18),
 * MATCH_STRING_IC (19), MATCH_CHAR_CLASS (20), ACCEPT_STRING (22), CALL (26). FAIL's (23) is an
 * expectation, which only error reporting read.
 */
const READS_CONSTANT = new Set([0, 18, 19, 20, 22, 26]);
const RULE = 27;
const FAIL = 23;
const CALL = 26;

interface Instructions {
  readonly rules: number[];
  readonly constants: number[];
  /** The bytecode with every FAIL's operand (an expectation, read by nothing now) set to 0. */
  readonly quiet: number[];
}

/** The rules a rule's bytecode enters and the constants it reads, or undefined for an unknown opcode. */
function instructions(bc: readonly number[]): Instructions | undefined {
  const rules: number[] = [];
  const constants: number[] = [];
  const quiet = [...bc];
  for (let ip = 0; ip < bc.length;) {
    const op = bc[ip]!;
    if (op === RULE) rules.push(bc[ip + 1]!);
    if (READS_CONSTANT.has(op)) constants.push(bc[ip + 1]!);
    if (op === FAIL) quiet[ip + 1] = 0;
    const length = op === CALL ? 4 + bc[ip + 3]! : LENGTHS[op];
    if (length === undefined) return undefined;
    ip += length;
  }
  return { rules, constants, quiet };
}

/** The declarations `peg$parse` makes that this step reads. */
function declarations(program: ESTree.Program): Map<string, ESTree.Expression> {
  const found = new Map<string, ESTree.Expression>();
  const parse = program.body.find(
    (s): s is ESTree.Function => s.type === 'FunctionDeclaration' && s.id?.name === 'peg$parse',
  );
  for (const s of parse?.body?.body ?? [])
    if (s.type === 'VariableDeclaration')
      for (const d of s.declarations) if (d.id.type === 'Identifier' && d.init) found.set(d.id.name, d.init);
  return found;
}

/** An array literal's elements, each an expression (no holes or spreads), or undefined. */
function elements(e: ESTree.Expression | undefined): ESTree.Expression[] | undefined {
  if (e?.type !== 'ArrayExpression') return undefined;
  const out: ESTree.Expression[] = [];
  for (const el of e.elements) {
    if (!el || el.type === 'SpreadElement') return undefined;
    out.push(el);
  }
  return out;
}

/** `peg$decode("…")`'s string, or undefined when the entry has another shape. */
function encodedRule(e: ESTree.Expression): ESTree.StringLiteral | undefined {
  if (e.type !== 'CallExpression' || e.callee.type !== 'Identifier' || e.callee.name !== 'peg$decode')
    return undefined;
  const [arg] = e.arguments;
  return e.arguments.length === 1 && arg?.type === 'Literal' && typeof arg.value === 'string'
    ? (arg as ESTree.StringLiteral)
    : undefined;
}

/** Rule indexes of `peg$startRuleIndices` (`{ Contact: 119, … }`), or undefined. */
function startRules(e: ESTree.Expression | undefined): number[] | undefined {
  if (e?.type !== 'ObjectExpression') return undefined;
  const out: number[] = [];
  for (const p of e.properties) {
    if (p.type !== 'Property' || p.value.type !== 'Literal' || typeof p.value.value !== 'number')
      return undefined;
    out.push(p.value.value);
  }
  return out;
}

/** Blanks the unreachable rules and the constants no reachable rule reads, or undefined. */
function dropUnreachable(code: string): string | undefined {
  const decl = declarations(parseSync('grammar.js', code).program);
  const table = elements(decl.get('peg$bytecode'));
  const constants = elements(decl.get('peg$consts'));
  const starts = startRules(decl.get('peg$startRuleIndices'));
  if (!table || !constants || !starts || starts.length === 0) return undefined;
  const encoded = table.map(encodedRule);
  const decoded: Instructions[] = [];
  for (const literal of encoded) {
    const bc = literal ? [...literal.value].map((ch) => ch.charCodeAt(0) - 32) : undefined;
    const ins = bc && instructions(bc);
    if (!ins) return undefined;
    decoded.push(ins);
  }
  const reached = new Set<number>();
  const stack = [...starts];
  while (stack.length > 0) {
    const rule = stack.pop()!;
    if (reached.has(rule)) continue;
    if (rule >= decoded.length) return undefined;
    reached.add(rule);
    stack.push(...decoded[rule]!.rules);
  }
  const read = new Set([...reached].flatMap((rule) => decoded[rule]!.constants));
  if ([...read].some((c) => c >= constants.length)) return undefined;
  const blanks: Array<{ start: number; end: number; to: string }> = [];
  table.forEach((entry, rule) => {
    if (!reached.has(rule)) blanks.push({ start: entry.start, end: entry.end, to: 'peg$decode("")' });
    else {
      // The same program with FAIL's operands zeroed, which makes the table more alike (it
      // compresses better). JSON's escapes are never longer than the generated file's.
      const quiet = JSON.stringify(String.fromCharCode(...decoded[rule]!.quiet.map((n) => n + 32)));
      if (quiet !== JSON.stringify(encoded[rule]!.value))
        blanks.push({ start: entry.start, end: entry.end, to: `peg$decode(${quiet})` });
    }
  });
  constants.forEach((c, index) => {
    if (!read.has(index)) blanks.push({ start: c.start, end: c.end, to: '0' });
  });
  blanks.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const { start, end, to } of blanks) {
    out += code.slice(at, start) + blankTo(code.slice(start, end), to);
    at = end;
  }
  return out + code.slice(at);
}

/** `code` without error reporting and unreachable rules, or undefined when its shape is not the known one. */
export function slimGrammar(code: string): string | undefined {
  let out = code;
  for (const { find, to, count } of ERROR_REPORTING) {
    if ([...out.matchAll(find)].length !== count) return undefined;
    out = out.replace(find, (region) => blankTo(region, to));
  }
  return dropUnreachable(out);
}
