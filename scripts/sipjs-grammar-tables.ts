/**
 * A build step for SIP.js 0.21.2's generated SIP grammar (lib/grammar/pegjs/dist/grammar.js, made
 * by peggy with `optimize: "size"`): its rule table, `peg$bytecode`, is a list of about 240 strings
 * decoded into number arrays (`peg$decode`) *inside* `peg$parse`, so every call decodes the whole
 * grammar again, and SIP.js calls `peg$parse` once per header of every message it receives.
 * Measured (issue 17, Node 20 on this machine, the Play-On-Phone INVITE of src/sip/warm-up.ts):
 * `Parser.parseMessage` 1.6–1.8 ms as shipped, 0.3–0.5 ms with the table decoded once; in the ring
 * path's CPU profile `peg$decode` was the largest single cost of SIP.js.
 *
 * The table is plain data that the parser only reads (`const bc = peg$bytecode[index]`), so it is
 * decoded once, at module level, and `peg$parse` refers to it. Everything else (the constants with
 * their semantic actions, which close over the parse's state) stays where it is. The lines inside
 * `peg$parse` are kept (blank), and the table is appended after the last line, so no other line
 * moves and SIP.js's source maps stay right. Pinned to the file's shape: when it differs (another
 * SIP.js), nothing is changed and `hoistGrammarTables` returns undefined; the unit test
 * (sipjs-grammar-tables.test.ts) then fails, and proves on the installed file that the transformed
 * grammar reads a corpus of messages as the original does. It runs after the slimming
 * (sipjs-grammar-slim.ts); the build wires both in sipjs-grammar-plugin.ts.
 */
// An entry the slimming emptied (sipjs-grammar-slim.ts) keeps its length: spaces before its comma.
const TABLE = /\n {4}const peg\$bytecode = \[\n((?: {8}peg\$decode\("(?:[^"\\\n]|\\.)*"\) *,?\n)+) {4}\];\n/;
const DECODER =
  '    function peg$decode(s) {\n        return s.split("").map((ch) => ch.charCodeAt(0) - 32);\n    }\n';

/** `code` with the rule table decoded once at module level, or undefined when its shape is not the known one. */
export function hoistGrammarTables(code: string): string | undefined {
  const table = TABLE.exec(code);
  if (!table || !code.includes(DECODER) || code.includes('peg$bytecodeOnce')) return undefined;
  const entries = table[1] ?? '';
  // As many line ends as the table had (its first line, one per entry, its last), so no line moves.
  const lineEnds = '\n'.repeat(entries.split('\n').length + 1);
  const inside = `\n    const peg$bytecode = peg$bytecodeOnce;${lineEnds}`;
  const once =
    '\n// UM Phone build: the rule table decoded once (scripts/sipjs-grammar-tables.ts).\n' +
    'function peg$decodeOnce(s) {\n    return s.split("").map((ch) => ch.charCodeAt(0) - 32);\n}\n' +
    `const peg$bytecodeOnce = [\n${entries.replaceAll('peg$decode(', 'peg$decodeOnce(')}];\n`;
  return code.slice(0, table.index) + inside + code.slice(table.index + table[0].length) + once;
}
