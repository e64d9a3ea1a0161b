/**
 * For the unit tests of the build steps (src/sip/sipjs-*.test.ts, src/i18n/compact-catalogue.test.ts):
 * loads a module's text as the build made it, from a file of its own in a temporary directory that
 * is removed once the module is loaded, so a test runs what the build ships.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

/** `code` loaded as a module named `fileName` (its extension decides how it is read). */
export async function importModuleCopy<T>(code: string, fileName: string): Promise<T> {
  const dir = mkdtempSync(`${tmpdir()}/um-module-copy-`);
  const file = pathToFileURL(`${dir}/${fileName}`);
  writeFileSync(file, code);
  try {
    return (await import(/* @vite-ignore */ file.href)) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `code`'s double-quoted relative imports (`from "./x.js"`, `from "../y.js"`) made absolute against `base`. */
export function absoluteImports(code: string, base: URL): string {
  return code.replace(/from "(\.{1,2}\/[^"]+)"/g, (_, rel: string) => `from "${new URL(rel, base).href}"`);
}

/** A file's text (for the tests, whose tsconfig carries browser types only and so has no node:fs). */
export function readText(file: URL): string {
  return readFileSync(file, 'utf8');
}
