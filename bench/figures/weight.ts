/** Figure 1: the weight of the SPA's initial load and of the embed bundle (bench/weight.ts), brotli. */
import { EMBED_BUDGET, SPA_INITIAL_BUDGET, kb, measureWeights, weightTable, type Weights } from '../weight';
import { one, results, rows } from '../harness/results';

/** Measures the build in `out`. */
export function weightFigure(out: string): void {
  const weights: Weights = measureWeights(out);
  results.weight = weights;
  console.log('\nFigure 1, weight (1 KB = 1000 bytes):');
  console.log(weightTable(weights));
  rows.push({
    figure: '1',
    what: 'SPA initial JS+CSS, brotli',
    ours: one(Math.round(weights.spaInitial.brotli / 100) / 10),
    unit: ' KB',
    target: `≤ ${kb(SPA_INITIAL_BUDGET)}`,
    met: weights.spaInitial.brotli <= SPA_INITIAL_BUDGET,
  });
  rows.push({
    figure: '1',
    what: 'embed um-phone.js, brotli',
    ours: one(Math.round(weights.embed.brotli / 100) / 10),
    unit: ' KB',
    target: `≤ ${kb(EMBED_BUDGET)}`,
    met: weights.embed.brotli <= EMBED_BUDGET,
  });
}
