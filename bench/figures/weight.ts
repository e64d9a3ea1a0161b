/**
 * Figure 1: the weight of the SPA and the <um-phone> element before sign-in, and of the whole
 * element (bench/weight.ts), brotli; beside them, untargeted, the bare React 19 + SIP.js page
 * (bench/reference/react/): what React and SIP.js weigh without any of ours.
 */
import path from 'node:path';
import { budgets, bundleOf, filesUnder, kb, measureWeights, weightTable, type Weights } from '../weight';
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
  const reactDir = path.join(out, 'reference', 'react');
  const react = bundleOf(reactDir, filesUnder(reactDir, 'assets', /\.js$/));
  results.weightReactReference = react;
  rows.push({
    figure: '1',
    what: `bare React 19 + SIP.js page, brotli (${react.files.length} file${react.files.length === 1 ? '' : 's'})`,
    ours: one(Math.round(react.brotli / 100) / 10),
    unit: ' KB',
  });
}
