/**
 * Whether a GET that starts work (a domain check, a setup checklist) was asked for by the person
 * using the browser, not by another site the browser happened to load: an <img>, iframe or link on
 * a stranger's page would otherwise spend the visitor's budget and make mxray do DNS, DNSBL and
 * HTTPS work for that page. Fetch metadata (Sec-Fetch-Site) tells a typed URL or bookmark ("none")
 * and our own forms and links ("same-origin") from everything else; clients that send no fetch
 * metadata (curl, scripts, old browsers) are not browsers a third-party page can drive without CORS
 * approval, so they run. A cross-site request gets a page with a button that runs it after a click.
 */
export function userInitiated(headers: Headers, selfOrigin: string): boolean {
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'none' && site !== 'same-origin') return false;
  const origin = headers.get('origin');
  if (origin && origin !== 'null' && origin !== selfOrigin) return false;
  return true;
}

/** Request header the proxy sets for the page to show "run this check?" instead of running it. */
export const CONFIRM_HEADER = 'x-mxray-confirm';
