import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@/lib/checks/types';
import { abbreviateKeys, diffReports, isEmptyDiff, withoutTimings } from '@/lib/report/diff';
import type { DomainReport } from '@/lib/report/types';

const check = (over: Partial<CheckResult> & Pick<CheckResult, 'id'>): CheckResult => ({ status: 'pass', title: over.id, summary: '', findings: [], records: [], ...over });
const report = (checks: CheckResult[]): DomainReport => ({ kind: 'check', domain: 'example.test', takenAt: '2026-11-25T12:00:00.000Z', status: checks[0]!.status, checks, dns: { queries: 0, packets: 0, cacheHits: 0, inflightHits: 0, timeouts: 0, totalMs: 0, servers: [], trace: [] }, ms: 1 });
const KEY = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz1Xq2Y6rQ0V7pB0uK4m9ZsK8y3nF1pQvW2eR5tY7uI9oP0aS1dF2gH3jK4lL5zX6cV7bN8mQ9wE0rT1yU2iO3pA4sD5fG6hJ7kL8zX9cV0bN1mQ2wE3rT4yU5iO6pA7sD8fG9hJ0kL1zX2cV3bN4mQ5wE6rT7yU8iO9pA0sD1fG2hJ3kL4zX5cV6bN7mQ8wE9rT0yU1iO2pA3sD4fG5hJ6kL7zX8cV9bN0mQ1wE2rT3yU4iO5pA6sD7fG8hJ9kL0zX1cV2bN3mQ4wE5rT6yU7iO8pA9sD0fG1hJ2kL3zX4cV5bN6mQ7wE8rT9yU0iO1pIDAQAB';

describe('diffs show what changed, not noise', () => {
  it('a finding that differs only in a measured time is not a change ("no answer within 3002 ms → 3000 ms")', () => {
    const f = (ms: number) => ({ code: 'dnsbl.timeout', severity: 'warn' as const, detail: `bl.example: no answer within ${ms} ms` });
    const d = diffReports(report([check({ id: 'dnsbl', status: 'warn', findings: [f(3002)] })]), report([check({ id: 'dnsbl', status: 'warn', findings: [f(3000)] })]));
    expect(isEmptyDiff(d)).toBe(true);
    expect(withoutTimings('(16 lists, 245 ms) after 1.5 s')).toBe('(16 lists, …) after …');
  });

  it('a real change next to a timing still shows', () => {
    const a = report([check({ id: 'dnsbl', status: 'warn', findings: [{ code: 'dnsbl.timeout', severity: 'warn', detail: 'a.example: no answer within 3002 ms' }] })]);
    const b = report([check({ id: 'dnsbl', status: 'warn', findings: [{ code: 'dnsbl.timeout', severity: 'warn', detail: 'b.example: no answer within 3000 ms' }] })]);
    expect(diffReports(a, b).checks[0]!.findingsNew.map((x) => x.detail)).toEqual(['b.example: no answer within 3000 ms']);
  });

  it('a changed DKIM key is shown abbreviated, with its length', () => {
    const rec = (k: string) => ({ name: 'mail._domainkey.example.test', type: 'TXT', value: `v=DKIM1; k=rsa; p=${k}` });
    const d = diffReports(report([check({ id: 'dkim', records: [rec(KEY)] })]), report([check({ id: 'dkim', records: [rec(KEY.replace('z1X', 'Q9Q'))] })]));
    const shown = d.checks[0]!.recordsNew[0]!.value;
    expect(shown).toBe(`v=DKIM1; k=rsa; p=MIIBIjANBgkq…iO1pIDAQAB (${KEY.length} characters)`.replace('iO1pIDAQAB', KEY.slice(-8)));
    expect(shown.length).toBeLessThan(80);
    expect(abbreviateKeys('v=spf1 -all')).toBe('v=spf1 -all');
  });
});
