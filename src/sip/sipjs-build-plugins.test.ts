/**
 * The build's log-dropping step for SIP.js (scripts/sipjs-build-plugins.ts, dropSipJsLogging) on
 * the installed SIP.js: SIP.js's own log statements go, but the ones on a logger its caller hands
 * in stay. The incoming gate (connection/incoming-gate.ts) passes its own logger to
 * `Parser.parseMessage` and names the header SIP.js could not parse from what it logs
 * (`400 Malformed message: cannot parse To`); the unit suite runs SIP.js's source, so only this
 * test sees the built parser do the same.
 */
import { describe, expect, it } from 'vitest';
import { absoluteImports, importModuleCopy, readText } from '../../scripts/import-module-copy';
import { dropSipJsLogging } from '../../scripts/sipjs-build-plugins';

const LIB = new URL('../../node_modules/sip.js/lib/', import.meta.url);

type Handler = (code: string, id: string) => { code: string } | null;

/** The built form of one SIP.js module (its path under lib/). */
function built(file: string, source: string): string {
  const transform = dropSipJsLogging().transform as { handler: Handler };
  return transform.handler(source, new URL(file, LIB).pathname)?.code ?? source;
}

/** Loads `code` as if it were SIP.js's lib/`file`, its relative imports pointing at the installed SIP.js. */
async function load<T>(file: string, code: string): Promise<T> {
  return importModuleCopy<T>(absoluteImports(code, new URL(file, LIB)), file.split('/').pop()!);
}

type ParseMessage = (data: string, logger: Record<string, (message: unknown) => void>) => unknown;

const BAD_TO = [
  'INVITE sip:bob@umphone.test SIP/2.0',
  'Via: SIP/2.0/WSS a.invalid;branch=z9hG4bK1',
  'From: <sip:alice@umphone.test>;tag=1',
  'To: <sip:bob@umphone.test',
  'Call-ID: 1',
  'CSeq: 1 INVITE',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('SIP.js without its own log statements (build step)', () => {
  it("keeps the parser's statements on its caller's logger: the built parser still names the header", async () => {
    const file = 'core/messages/parser.js';
    const source = readText(new URL(file, LIB));
    const { Parser } = await load<{ Parser: { parseMessage: ParseMessage } }>(file, built(file, source));
    const heard: unknown[] = [];
    const logger = {
      error: (m: unknown) => heard.push(m),
      warn: (m: unknown) => heard.push(m),
      log() {},
      debug() {},
    };
    expect(Parser.parseMessage(BAD_TO, logger)).toBeUndefined();
    expect(heard).toEqual(["error parsing header 'To'"]);
  });

  it("drops SIP.js's own statements (this.logger …), keeping every line where it was", async () => {
    const file = 'api/registerer.js';
    const source = readText(new URL(file, LIB));
    const code = built(file, source);
    const count = (text: string) => (text.match(/\bthis\.logger\.(?:log|debug|warn|error)\(/g) ?? []).length;
    expect(count(source)).toBeGreaterThan(10);
    expect(count(code)).toBeLessThan(count(source) / 2);
    expect(code.split('\n').length).toBe(source.split('\n').length);
  });
});
