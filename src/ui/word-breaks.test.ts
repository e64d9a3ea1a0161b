import { describe, expect, it } from 'vitest';
import { addressPieces } from './word-breaks';

describe('where an address may wrap', () => {
  it('between the parts of a SIP address, never inside a word', () => {
    expect(addressPieces('sip:alice@umphone.test')).toEqual(['sip:', 'alice@', 'umphone', '.test']);
    expect(addressPieces('sip:bob@umphone.test;transport=ws')).toEqual([
      'sip:',
      'bob@',
      'umphone',
      '.test',
      ';transport=ws',
    ]);
  });

  it('leaves names and sentences whole', () => {
    expect(addressPieces('Bob Example')).toEqual(['Bob Example']);
    expect(addressPieces('Hello. World')).toEqual(['Hello. World']);
    expect(addressPieces('')).toEqual(['']);
  });
});
