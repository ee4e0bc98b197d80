/**
 * The route a request hit, as a pattern: logs and metric labels must not carry report ids, test
 * address tokens or domains (a report id is the capability to read it), and a label per distinct
 * path would grow Prometheus without bound. Paths that match no pattern become "other".
 */
const PATTERNS: [RegExp, string][] = [
  [/^\/$/, '/'],
  [/^\/(analyze|check|setup)\/?$/, '/$1'],
  [/^\/setup\/[^/]+\/?$/, '/setup/[domain]'],
  [/^\/r\/[^/]+\/?$/, '/r/[id]'],
  [/^\/api\/(analyze|checklist|checks|health|test-addresses)\/?$/, '/api/$1'],
  [/^\/api\/reports\/[^/]+\/reverify\/?$/, '/api/reports/[id]/reverify'],
  [/^\/api\/reports\/[^/]+\/?$/, '/api/reports/[id]'],
  [/^\/api\/test-addresses\/[^/]+\/?$/, '/api/test-addresses/[token]'],
  [/^\/metrics\/?$/, '/metrics'],
  [/^\/_next\/static\//, '/_next/static'],
  [/^\/_next\/image\/?$/, '/_next/image'],
  [/^\/favicon\.ico$/, '/favicon.ico'],
];

export function routeLabel(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0]!;
  for (const [re, label] of PATTERNS) {
    const m = re.exec(path);
    if (m) return label.replace('$1', m[1] ?? '');
  }
  return 'other';
}
