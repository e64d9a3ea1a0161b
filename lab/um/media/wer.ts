/**
 * Word error rate: the word-level edit distance (substitutions, deletions,
 * insertions) between what was said and what was recognised, over the
 * number of words said.
 */

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Edit distance between two word lists. */
export function wordErrors(reference: readonly string[], hypothesis: readonly string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const current = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const substitution = previous[j - 1]! + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1));
    }
    previous = current;
  }
  return previous[hypothesis.length]!;
}

export function wordErrorRate(reference: string, hypothesis: string): { errors: number; words: number } {
  const ref = words(reference);
  return { errors: wordErrors(ref, words(hypothesis)), words: ref.length };
}
