/**
 * The app's stylesheet, adapted to a shadow root:
 * - `:root` rules (the theme variables, font, colours) apply to the `.um-phone` wrapper instead: host
 *   CSS can reach the host element (even with !important) but never the wrapper;
 * - `body`/`html` rules don't apply (the host page owns its body);
 * - width media queries become container queries on the host, because in a sidebar the
 *   viewport's width says nothing about the phone's (the container is the `.um-phone` wrapper) (colour-scheme and motion queries stay).
 */
export function shadowCss(appCss: string): string {
  const adapted = appCss
    .replace(/:root\b/g, '.um-phone')
    .replace(/(^|[}\s,])(?:html|body)(\s*[,{])/g, '$1:host(:not(*))$2')
    .replace(/@media\s*((?:\((?:min|max)-width:[^)]*\)\s*(?:and\s*)?)+)\{/g, '@container $1{');
  return `${HOST_RESET}\n${adapted}\n${EMBED_OVERRIDES}`;
}

/**
 * Inherited properties (font, colour, line height, letter spacing …) cross the shadow boundary;
 * resetting them on the wrapper, which no host selector can match, is what keeps a host page's CSS
 * from restyling the phone. The page still sizes and places the element itself (`um-phone { width:
 * 320px }`). The wrapper is a size container, which has no width of its own in a shrink-to-fit box:
 * hence the minimum width.
 */
const HOST_RESET = `:host {
  display: block;
  min-width: 18rem;
}
:host([hidden]) {
  display: none;
}
.um-phone {
  all: initial;
  display: block;
  container-type: inline-size;
}`;

/** After the app's rules: the user's default font size, not the page's; no full-window layout. */
const EMBED_OVERRIDES = `.um-phone {
  font-size: medium;
}
.app {
  min-height: 0;
}
.app-header {
  position: static;
}`;
