/**
 * Heap snapshots (CDP HeapProfiler) for the leak figures: taken, optionally written for DevTools,
 * and summed by what each node is, so a figure can tell growth of the page's own values from V8
 * compiling and optimising functions.
 *
 * BENCH_HEAP_SNAPSHOTS=DIR: the snapshots are also written to DIR as `NAME.heapsnapshot` (figure 6:
 * after 10 calls and after the last; figure 10: at calls 200, the middle and the last, all settled);
 * open two in DevTools → Memory → Comparison to see what grows between them.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession } from '@playwright/test';
import { log } from './config';

/** Self sizes (bytes) of a snapshot's nodes, by what they are. */
export interface HeapParts {
  /**
   * What the page's script made and holds: objects, arrays, closures, strings, numbers, symbols,
   * regexps, object shapes, V8's hidden internals (contexts and the like).
   */
  jsValues: number;
  /** V8's compiled code: bytecode, machine code of optimised functions and their metadata. */
  code: number;
  /** Blink's C++ objects (DOM nodes, audio nodes, DevTools' own records). */
  native: number;
}

interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
}

/** Sums a `.heapsnapshot`'s node self sizes by node type (V8's snapshot format, `meta` describes it). */
export function heapParts(text: string): HeapParts {
  const json = JSON.parse(text) as SnapshotJson;
  const fields = json.snapshot.meta.node_fields;
  const types = json.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  const parts: HeapParts = { jsValues: 0, code: 0, native: 0 };
  for (let i = 0; i < json.nodes.length; i += fields.length) {
    const type = types[json.nodes[i + typeAt]!];
    const size = json.nodes[i + sizeAt]!;
    // "synthetic" nodes are the snapshot's own roots (no size).
    if (type === 'code') parts.code += size;
    else if (type === 'native') parts.native += size;
    else if (type !== 'synthetic') parts.jsValues += size;
  }
  return parts;
}

/** Takes a heap snapshot of the page behind `cdp` (V8 collects garbage first), written as `name` under BENCH_HEAP_SNAPSHOTS. */
export async function heapSnapshot(cdp: CDPSession, name: string): Promise<HeapParts> {
  const chunks: string[] = [];
  const onChunk = (event: { chunk: string }) => chunks.push(event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const text = chunks.join('');
  const dir = process.env.BENCH_HEAP_SNAPSHOTS;
  if (dir) {
    const file = path.join(dir, `${name}.heapsnapshot`);
    writeFileSync(file, text);
    log(`heap snapshot written: ${file}`);
  }
  return heapParts(text);
}

/** A snapshot only when BENCH_HEAP_SNAPSHOTS asks for one (figure 6: it reads the heap without them). */
export async function heapSnapshotIfAsked(cdp: CDPSession, name: string): Promise<void> {
  if (process.env.BENCH_HEAP_SNAPSHOTS) await heapSnapshot(cdp, name);
}
