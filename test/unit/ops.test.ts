import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logLevel } from '@/lib/ops/log';
import { metricsAuthorized, metricsRegistry } from '@/lib/ops/prometheus';
import { recordCheck } from '@/lib/ops/metrics';
import { routeLabel } from '@/lib/ops/route-label';
import { shutdownGraceMs } from '@/lib/ops/shutdown';

describe('route labels in logs and metrics', () => {
  it('replace report ids, tokens and domains with the route pattern', () => {
    expect(routeLabel('/r/3UdfrNtHSbkOojnQoSSUVk1gA15fPVVW?x=1')).toBe('/r/[id]');
    expect(routeLabel('/api/reports/abc/reverify')).toBe('/api/reports/[id]/reverify');
    expect(routeLabel('/api/test-addresses/t0ken')).toBe('/api/test-addresses/[token]');
    expect(routeLabel('/setup/example.com')).toBe('/setup/[domain]');
    expect(routeLabel('/_next/static/chunks/app.js')).toBe('/_next/static');
    expect(routeLabel('/api/health')).toBe('/api/health');
  });

  it('fold unknown paths into "other", so a scanner cannot grow the metric labels', () => {
    expect(routeLabel('/wp-login.php')).toBe('other');
    expect(routeLabel('/api/reports/a/b/c')).toBe('other');
  });
});

describe('settings', () => {
  it('MXRAY_SHUTDOWN_GRACE_MS defaults to 10 s and refuses nonsense with the variable named', () => {
    expect(shutdownGraceMs({})).toBe(10_000);
    expect(shutdownGraceMs({ MXRAY_SHUTDOWN_GRACE_MS: '2500' })).toBe(2500);
    expect(() => shutdownGraceMs({ MXRAY_SHUTDOWN_GRACE_MS: '10s' })).toThrow(/MXRAY_SHUTDOWN_GRACE_MS .*"10s"/);
    expect(() => shutdownGraceMs({ MXRAY_SHUTDOWN_GRACE_MS: '-1' })).toThrow(/between 0 and 600000/);
  });

  it('LOG_LEVEL accepts pino levels in any case and names the valid ones otherwise', () => {
    expect(logLevel({ LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(logLevel({})).toBe('info');
    expect(logLevel({ VITEST: 'true' })).toBe('silent');
    expect(() => logLevel({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL: "verbose" is not one of fatal, error/);
  });
});

describe('/metrics', () => {
  it('needs the exact bearer token when one is configured', () => {
    expect(metricsAuthorized(undefined, undefined)).toBe(true);
    expect(metricsAuthorized('Bearer s3cret', 's3cret')).toBe(true);
    expect(metricsAuthorized(undefined, 's3cret')).toBe(false);
    expect(metricsAuthorized('Bearer s3cre', 's3cret')).toBe(false);
    expect(metricsAuthorized('Basic s3cret', 's3cret')).toBe(false);
  });

  it('counts into one registry, however many times it is asked for', async () => {
    const a = metricsRegistry();
    recordCheck('spf', 'pass', 12);
    expect(metricsRegistry()).toBe(a);
    expect(await a.metrics()).toMatch(/mxray_checks_total\{check="spf",status="pass"\} 1/);
  });

  it('the Grafana dashboard only queries metrics that exist', async () => {
    const dashboard = fs.readFileSync(path.resolve(__dirname, '../../deploy/grafana/mxray.json'), 'utf8');
    const used = new Set([...dashboard.matchAll(/\b((?:mxray|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, '')));
    const known = new Set((await metricsRegistry().getMetricsAsJSON()).map((m) => m.name));
    expect([...used].filter((n) => !known.has(n))).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });
});
