/**
 * The page a browser gets when a page route's budget is spent: a 429 that a person can read (what
 * happened, how long to wait) with Retry-After for software. Plain HTML: it is answered before the
 * app renders anything, so it carries its own few styles under the response's CSP nonce.
 */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function busyPage(opts: { retryAfter: number; what: string; nonce: string; retryUrl: string }): string {
  const wait = opts.retryAfter === 1 ? '1 second' : `${opts.retryAfter} seconds`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Too many requests · mxray</title>
<style nonce="${escapeHtml(opts.nonce)}">body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#0f172a;background:#fff}a{color:#0369a1}@media(prefers-color-scheme:dark){body{color:#f1f5f9;background:#020617}a{color:#7dd3fc}}</style>
</head><body><main>
<h1>Too many requests</h1>
<p>Your address has used its share of ${escapeHtml(opts.what)} for now. Please wait <strong data-retry-after="${opts.retryAfter}">${wait}</strong>, then <a href="${escapeHtml(opts.retryUrl)}">try again</a>.</p>
<p>The same budget counts the JSON API, these pages and "verify again", so that one visitor cannot keep the server busy for everyone else.</p>
<p><a href="/">Back to mxray</a></p>
</main></body></html>`;
}
