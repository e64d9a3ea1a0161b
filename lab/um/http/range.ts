/**
 * HTTP range requests for the message audio (RFC 9110 section 14): one byte range is served as
 * 206 Partial Content, an unsatisfiable set as 416, and anything the server does not understand
 * (another unit, a malformed or a multi-range set) is ignored, which RFC 9110 14.2 allows: the
 * whole representation is sent with 200. The player seeks with single ranges only.
 */

export type RangeVerdict =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/** More ranges than this in one header are not worth parsing (and a sign of abuse): ignored. */
const MAX_RANGES = 32;
const SPEC_RE = /^(\d{0,15})-(\d{0,15})$/;

/**
 * The answer to a `Range` header for a representation of `size` bytes.
 * `ifRange`/`etag`: an `If-Range` that does not name the current strong entity-tag means the
 * client's copy is stale, so the range is ignored (RFC 9110 13.1.5).
 */
export function parseRange(
  header: string | undefined,
  size: number,
  ifRange?: string,
  etag?: string,
): RangeVerdict {
  if (header === undefined) return { kind: 'full' };
  if (ifRange !== undefined && ifRange.trim() !== etag) return { kind: 'full' };
  const match = /^\s*([A-Za-z]+)\s*=\s*(.*)$/.exec(header);
  if (!match || match[1]!.toLowerCase() !== 'bytes') return { kind: 'full' };
  const specs = match[2]!.split(',').map((s) => s.trim());
  if (specs.length > MAX_RANGES) return { kind: 'full' };
  const ranges: Array<{ start: number; end: number }> = [];
  for (const spec of specs) {
    const parts = SPEC_RE.exec(spec);
    if (!parts) return { kind: 'full' }; // invalid: ignore the header
    const [, first, last] = parts as unknown as [string, string, string];
    if (first === '' && last === '') return { kind: 'full' };
    if (first === '') {
      // suffix-range: the last N bytes; N = 0 is unsatisfiable
      const length = Number(last);
      if (length > 0 && size > 0) ranges.push({ start: Math.max(0, size - length), end: size - 1 });
      continue;
    }
    const start = Number(first);
    const end = last === '' ? Infinity : Number(last);
    if (end < start) return { kind: 'full' }; // int-range with last < first is invalid
    if (start < size) ranges.push({ start, end: Math.min(end, size - 1) });
  }
  if (ranges.length === 0) return { kind: 'unsatisfiable' };
  if (specs.length > 1) return { kind: 'full' }; // multipart/byteranges is not offered
  return { kind: 'partial', ...ranges[0]! };
}
