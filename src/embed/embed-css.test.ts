import { describe, expect, it } from 'vitest';
import { shadowCss } from './embed-css';

describe('the app stylesheet in a shadow root', () => {
  const css = shadowCss(`:root { --bg: #fff; }
@media (prefers-color-scheme: dark) { :root { --bg: #000; } }
body { margin: 0; }
.advanced__body { padding: 0; }
@media (max-width: 599px) { .a { x: 1; } }
@media (min-width: 400px) and (max-width: 800px) { .b { x: 1; } }
@media (prefers-reduced-motion: reduce) { * { animation: none; } }`);

  it('puts the theme on the wrapper and resets what the page would otherwise pass down', () => {
    expect(css).toContain('.um-phone { --bg: #fff; }');
    expect(css).not.toContain(':root');
    expect(css).toMatch(/\.um-phone \{\s+all: initial;/);
    // The reset comes first, so the theme's font and colours win over it.
    expect(css.indexOf('all: initial')).toBeLessThan(css.indexOf('--bg: #fff'));
  });

  it('never styles the host page: body rules match nothing', () => {
    expect(css).toContain(':host(:not(*)) { margin: 0; }');
    expect(css).toContain('.advanced__body { padding: 0; }');
  });

  it('sizes by the element, not the viewport; colour scheme and motion still follow the system', () => {
    expect(css).toContain('@container (max-width: 599px) {');
    expect(css).toContain('@container (min-width: 400px) and (max-width: 800px) {');
    expect(css).toContain('@media (prefers-color-scheme: dark)');
    expect(css).toContain('@media (prefers-reduced-motion: reduce)');
  });
});
