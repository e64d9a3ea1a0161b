/**
 * Two build steps for SIP.js 0.21.2, beside the grammar one (sipjs-grammar-tables.ts): its log
 * statements dropped, and its digest given the phone's MD5. Both apply to `vite build` only.
 */
import { fileURLToPath } from 'node:url';
import { Visitor, parseSync, type ESTree, type Plugin } from 'vite';

const SIPJS = /\/node_modules\/sip\.js\/lib\/.*\.js$/;
const LOG_METHODS = new Set(['debug', 'log', 'warn', 'error']);
/** Calls a dropped log statement may make in its arguments: all return a string and change nothing. */
const PURE_IN_LOG_ARGS = /(?:\.toString|\.typeToString|^JSON\.stringify|^String)$/;

/** `x.logger.warn(…)`, `logger.log(…)`: SIP.js's own logging. */
function isSipJsLogCall(e: ESTree.Expression): e is ESTree.CallExpression {
  if (e.type !== 'CallExpression' || e.callee.type !== 'MemberExpression' || e.callee.computed) return false;
  const { object, property } = e.callee;
  if (property.type !== 'Identifier' || !LOG_METHODS.has(property.name)) return false;
  if (object.type === 'Identifier') return /^_?logger$/.test(object.name);
  return (
    object.type === 'MemberExpression' &&
    !object.computed &&
    object.property.type === 'Identifier' &&
    /^_?logger$/.test(object.property.name)
  );
}

/**
 * SIP.js's log statements, gone from the build (issue 17: ≈ 3.4 KB brotli of the SIP chunk, and
 * the strings they build on every message). The phone gives SIP.js no log connector and turns its
 * console output off (src/sip/connection/user-agent.ts: `logBuiltinEnabled: false`), so every one
 * of them builds a string that nobody reads; but for statements on a logger a function was handed
 * as a parameter, which may be the caller's own (see callersLoggers). Only whole statements go, and only when their
 * arguments call nothing but string conversions; each becomes `;` padded with the same number of
 * characters (newlines kept), so no code moves and SIP.js's source maps stay right.
 */
export function dropSipJsLogging(): Plugin {
  return {
    name: 'um-phone-drop-sipjs-logging',
    apply: 'build',
    transform: {
      filter: { id: SIPJS },
      handler(code, id) {
        const { program } = parseSync(id, code);
        const drop: Array<[number, number]> = [];
        const callers = callersLoggers(program);
        new Visitor({
          ExpressionStatement(s) {
            if (!isSipJsLogCall(s.expression) || !argumentsArePure(code, s.expression)) return;
            if (
              callers.some(([start, end]) => start <= s.start && s.end <= end) &&
              isBareLogger(s.expression)
            )
              return;
            drop.push([s.start, s.end]);
          },
        }).visit(program);
        if (drop.length === 0) return null;
        let out = '';
        let at = 0;
        for (const [start, end] of drop) {
          out += code.slice(at, start) + ';' + code.slice(start + 1, end).replace(/[^\n]/g, ' ');
          at = end;
        }
        return { code: out + code.slice(at), map: null };
      },
    },
  };
}

/** `logger.warn(…)` on a bare name (not `this.logger`). */
function isBareLogger(call: ESTree.CallExpression): boolean {
  return call.callee.type === 'MemberExpression' && call.callee.object.type === 'Identifier';
}

/**
 * The ranges of functions that take a `logger` parameter: that logger is the caller's, not SIP.js's
 * own. `Parser.parseMessage(data, logger)` is one: the phone's incoming gate passes its own logger
 * and names the header SIP.js could not parse from it (`400 Malformed message: cannot parse To`),
 * so those statements stay. (A few of SIP.js's own constructors take its logger this way too and
 * keep their statements; they cost a few bytes and print nothing.)
 */
function callersLoggers(program: ESTree.Program): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const visit = (f: ESTree.Function | ESTree.ArrowFunctionExpression) => {
    if (f.params.some((p) => p.type === 'Identifier' && /^_?logger$/.test(p.name)))
      ranges.push([f.start, f.end]);
  };
  new Visitor({
    FunctionDeclaration: visit,
    FunctionExpression: visit,
    ArrowFunctionExpression: visit,
  }).visit(program);
  return ranges;
}

function argumentsArePure(code: string, call: ESTree.CallExpression): boolean {
  let pure = true;
  const check = new Visitor({
    CallExpression(c) {
      if (!PURE_IN_LOG_ARGS.test(code.slice(c.callee.start, c.callee.end))) pure = false;
    },
    NewExpression() {
      pure = false;
    },
    AssignmentExpression() {
      pure = false;
    },
    UpdateExpression() {
      pure = false;
    },
    AwaitExpression() {
      pure = false;
    },
  });
  for (const arg of call.arguments) check.visit(wrap(arg));
  return pure;
}

/** A Program around one expression, for Visitor.visit. */
function wrap(e: ESTree.Argument): ESTree.Program {
  return {
    type: 'Program',
    sourceType: 'module',
    hashbang: null,
    body: [{ type: 'ExpressionStatement', expression: e as ESTree.Expression, start: e.start, end: e.end }],
    start: e.start,
    end: e.end,
  } as ESTree.Program;
}

const SIPJS_MD5 = '\0um-phone:sipjs-md5';
const OUR_MD5 = fileURLToPath(new URL('../src/protocol/md5.ts', import.meta.url));

/**
 * SIP.js's digest authentication hashes with its own copy of ts-md5 (≈ 1.8 KB brotli); the phone
 * already has an MD5 for the voicemail API's HTTP digest (src/protocol/md5.ts, RFC 1321, UTF-8 in
 * and lowercase hex out, as SIP.js's `Md5.hashStr`). The build gives SIP.js that one. Its only
 * caller is `core/messages/digest-authentication.js`, which calls `Md5.hashStr(s)`; every REGISTER
 * the e2e suite makes goes through it (the lab's proxy challenges them, RFC 3261 §22.4).
 */
export function oneMd5(): Plugin {
  return {
    name: 'um-phone-one-md5',
    apply: 'build',
    enforce: 'pre', // before Vite's own resolver finds the file
    resolveId: {
      filter: { id: /^\.\/md5\.js$/ },
      handler(source, importer) {
        return importer && /\/node_modules\/sip\.js\/lib\/core\/messages\//.test(importer) ? SIPJS_MD5 : null;
      },
    },
    load: {
      filter: { id: /^\0um-phone:sipjs-md5$/ },
      handler() {
        return `import { md5Hex } from ${JSON.stringify(OUR_MD5)};\nexport const Md5 = { hashStr: (s) => md5Hex(s) };\n`;
      },
    },
  };
}
