import { describe, expect, it } from 'vitest';
import { wordErrorRate } from './wer';

describe('word error rate', () => {
  it('counts substitutions, deletions and insertions against the words said', () => {
    expect(wordErrorRate('call me back', 'call me back')).toEqual({ errors: 0, words: 3 });
    expect(wordErrorRate('call me back', 'call be back')).toEqual({ errors: 1, words: 3 });
    expect(wordErrorRate('call me back', 'call back')).toEqual({ errors: 1, words: 3 });
    expect(wordErrorRate('call me back', 'please call me back now')).toEqual({ errors: 2, words: 3 });
    expect(wordErrorRate('Hi, Bob!', '')).toEqual({ errors: 2, words: 2 });
  });
});
