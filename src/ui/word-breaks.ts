/**
 * Where a long address may wrap without cutting a word: after `:` `@` `/` and before `.` `;` `?`
 * (`sip:` | `bob@` | `umphone` | `.test`). Returns the pieces; the view puts a <wbr> between them,
 * so a narrow sidebar breaks `sip:alice@umphone.test` at a boundary, never inside `umphone`.
 * Text with a space (a name, a Subject: prose wraps at its spaces) comes back whole.
 */
export function addressPieces(text: string): string[] {
  if (/\s/.test(text)) return [text];
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i < text.length; i++) {
    const prev = text[i - 1]!;
    const ch = text[i]!;
    if ('.;?'.includes(ch) || ':@/'.includes(prev)) {
      pieces.push(text.slice(start, i));
      start = i;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}
