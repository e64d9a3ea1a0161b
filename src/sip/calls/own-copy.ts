/**
 * A copy of `text` that holds only its own characters. V8 makes a substring of a long string a
 * view of the whole (a sliced string), so a Subject or a URI cut from an INVITE would keep its
 * ~1.5 KB text alive for as long as the history keeps the entry (measured: 200 calls kept 200
 * INVITEs, 0.3 MB).
 */
export function ownCopy(text: string): string;
export function ownCopy(text: string | undefined): string | undefined;
export function ownCopy(text: string | undefined): string | undefined {
  return typeof text === 'string' ? (JSON.parse(JSON.stringify(text)) as string) : text;
}
