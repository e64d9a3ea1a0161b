import { useEffect, useState } from 'react';
import { useLanguage, useT } from '../../i18n';
import { usePhone } from '../../store';
import { documentTitle, faviconBadge, FAVICON_FILES } from './document-title';

/** Points the page's icon link at one of the static badge files, keeping its directory. */
function setFavicon(file: string): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
  if (!link) return;
  const href = link.getAttribute('href') ?? '';
  const next = href.replace(/[^/]*$/, file);
  if (next !== href) link.setAttribute('href', next);
}

/**
 * For the standalone app, which owns its page: the tab title shows the call state ("Ringing: Alice
 * — UM Phone", "In call 01:23 — UM Phone"), the favicon a red (ringing) or green (in call) badge,
 * and <html lang> the UI language. An embedded phone leaves the host's page alone.
 */
export function DocumentAttention() {
  const calls = usePhone((s) => s.calls);
  const t = useT();
  const lang = useLanguage();
  const [now, setNow] = useState(() => Date.now());
  const timing = calls.some((c) => c.state === 'connected');

  useEffect(() => {
    if (!timing) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [timing]);

  const title = documentTitle(
    calls,
    t,
    timing ? Math.max(now, ...calls.map((c) => c.connectedAt ?? 0)) : now,
  );
  useEffect(() => {
    document.title = title;
  }, [title]);

  const badge = faviconBadge(calls);
  useEffect(() => setFavicon(FAVICON_FILES[badge]), [badge]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return null;
}
