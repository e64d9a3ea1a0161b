import { describe, expect, it } from 'vitest';
import { isMultipartContentType } from './multipart';

describe('isMultipartContentType (MS-EUMR 3.1.5.5)', () => {
  it('recognises multipart MIME types, with or without parameters, in any case', () => {
    expect(isMultipartContentType('multipart/mixed;boundary=b1')).toBe(true);
    expect(isMultipartContentType(' Multipart/Alternative ; boundary="x y"')).toBe(true);
    expect(isMultipartContentType('multipart/related')).toBe(true);
  });

  it('leaves single-part bodies, look-alikes and a missing header alone', () => {
    expect(isMultipartContentType('application/sdp')).toBe(false);
    expect(isMultipartContentType('application/multipart-sdp')).toBe(false);
    expect(isMultipartContentType('multipart/')).toBe(false);
    expect(isMultipartContentType('')).toBe(false);
    expect(isMultipartContentType(undefined)).toBe(false);
  });
});
