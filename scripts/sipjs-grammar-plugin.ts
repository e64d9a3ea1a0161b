/**
 * The Vite plugin for SIP.js 0.21.2's generated grammar: slimmed (sipjs-grammar-slim.ts), then its
 * rule table decoded once (sipjs-grammar-tables.ts). Builds only; a step that does not recognise
 * the file leaves it as it is and says so.
 */
import type { Plugin } from 'vite';
import { slimGrammar } from './sipjs-grammar-slim.ts';
import { hoistGrammarTables } from './sipjs-grammar-tables.ts';

export const SIPJS_GRAMMAR = /\/node_modules\/sip\.js\/lib\/grammar\/pegjs\/dist\/grammar\.js$/;

/** The grammar as the build ships it: slimmed (sipjs-grammar-slim.ts), then its table hoisted; undefined parts say why not. */
export function buildGrammar(code: string): { code: string; slim: boolean; hoisted: boolean } {
  const slim = slimGrammar(code);
  const hoisted = hoistGrammarTables(slim ?? code);
  return { code: hoisted ?? slim ?? code, slim: slim !== undefined, hoisted: hoisted !== undefined };
}

/** The Vite plugin: applies buildGrammar to SIP.js's grammar in builds, and says so when it cannot. */
export function sipJsGrammar(): Plugin {
  return {
    name: 'um-phone-sipjs-grammar',
    apply: 'build',
    transform: {
      filter: { id: SIPJS_GRAMMAR },
      handler(source) {
        const { code, slim, hoisted } = buildGrammar(source);
        if (!slim) this.warn('SIP.js grammar not as in 0.21.2: its error reporting and unused rules stay');
        if (!hoisted) this.warn('SIP.js grammar not as in 0.21.2: its rule table is decoded on every parse');
        return slim || hoisted ? { code, map: null } : null;
      },
    },
  };
}
