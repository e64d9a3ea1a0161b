/**
 * Test support: an in-memory stand-in for `localStorage` (only what the history uses), whose
 * `quota` (characters per value) makes `setItem` throw the browser's QuotaExceededError.
 */
export class MemoryStorage {
  readonly data = new Map<string, string>();
  quota = Infinity;
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (v.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}
