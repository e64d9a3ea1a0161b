/** Figure 1: the weight of the SPA and the <um-phone> element before sign-in, and of the whole element (bench/weight.ts), brotli. */
import { budgets, kb, measureWeights, weightTable, type Weights } from '../weight';
import { one, results, rows } from '../harness/results';

/** Measures the build in `out`. */
export function weightFigure(out: string): void {
  const weights: Weights = measureWeights(out);
  results.weight = weights;
  console.log('\nFigure 1, weight (1 KB = 1000 bytes):');
  console.log(weightTable(weights));
  for (const { name, weight, budget } of budgets(weights))
    rows.push({
      figure: '1',
      what: `${name}, brotli (${weight.files.length} file${weight.files.length === 1 ? '' : 's'})`,
      ours: one(Math.round(weight.brotli / 100) / 10),
      unit: ' KB',
      target: `≤ ${kb(budget)}`,
      budget: budget / 1000,
      met: weight.brotli <= budget,
    });
}
