/**
 * Score and provider verdicts through the ways users reach them: `mxray check` and `mxray analyze`
 * (text and --json), POST /api/checks, POST /api/analyze and GET /api/reports/<id>. Real dns2
 * server on loopback, real SQLite file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as checks from '@/app/api/checks/route';
import * as analyze from '@/app/api/analyze/route';
import * as reports from '@/app/api/reports/[id]/route';
import { resetRateLimits } from '@/lib/api/rate-limit';
import type { ProviderVerdict } from '@/lib/providers/types';
import type { Score } from '@/lib/report/scoring';
import { runCli } from '../support/cli';
import { getRequest, jsonRequest, params, useApiFixtures } from './api-support';
import { senderMessage, senderZone } from '../support/sender-fixtures';
import { CONTENT_FIXTURES } from '../support/content-fixtures';
import { findSpamd, stopSharedSpamd } from '@/lib/content/spamassassin';
import type { ContentReport } from '@/lib/content/types';

const good = { domain: 'good.test', ip: '192.0.2.10', selector: 'mail' };
const bad = { domain: 'bad.test', ip: '192.0.2.11', selector: 'mail' };
useApiFixtures({ ...senderZone(good), ...senderZone(bad, { spf: true }) });
beforeEach(() => resetRateLimits());
// A cold spamd on a loaded machine needs more than the default deadline to load its rules.
// vitest.config.ts switches SpamAssassin off for the other suites: on here.
beforeAll(() => {
  process.env.MXRAY_SPAMASSASSIN = 'auto';
  process.env.MXRAY_SPAMD_TIMEOUT_MS = '120000';
});
afterAll(() => stopSharedSpamd());

type Deliverable = { score: Score; providers: ProviderVerdict[] };
const verdicts = (ps: ProviderVerdict[]) => ps.map((p) => `${p.provider}:${p.verdict}`);

describe('mxray check and analyze', () => {
  it('print the score, what costs points and each provider verdict', async () => {
    const r = await runCli('check', bad.domain, '--ip', bad.ip, '--selector', 'mail');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Score 7 / 10');
    expect(r.out).toContain('−3: No SPF record');
    expect(r.out).toMatch(/FAIL {2}Gmail — \d+ of \d+ requirements met/);
    expect(r.out).toContain('expect: 421 4.7.27 / 550 5.7.27');
    expect(r.out).toContain('expect: 550 5.7.515');
  });

  it('include score and providers in --json', async () => {
    const r = await runCli('check', good.domain, '--ip', good.ip, '--selector', 'mail', '--json');
    const j = JSON.parse(r.out) as Deliverable & { domain: string };
    expect(j.domain).toBe('good.test');
    expect(j.score).toMatchObject({ value: 10, max: 10, lines: [] });
    expect(j.providers.map((p) => p.provider)).toEqual(['gmail', 'yahoo', 'outlook']);
    // The DNS alone cannot show the message rows: unknown, not pass.
    expect(verdicts(j.providers)).toEqual(['gmail:unknown', 'yahoo:unknown', 'outlook:unknown']);
    expect(j.providers[0]!.rows.find((x) => x.requirement === 'format')).toMatchObject({ status: 'unknown' });
  });

  it('analyze a compliant test message: top mark; reverse DNS needs the domain check; --one-to-one changes what counts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mxray-deliv-'));
    const file = path.join(dir, 'm.eml');
    writeFileSync(file, await senderMessage(good));
    const j = JSON.parse((await runCli('analyze', file, '--json')).out) as Deliverable;
    expect(j.score.value).toBe(10);
    // A message alone does not prove the IP's reverse DNS: unknown, not pass.
    expect(verdicts(j.providers)).toEqual(['gmail:unknown', 'yahoo:unknown', 'outlook:pass']);
    expect(j.providers[0]!.rows.filter((r) => r.status !== 'pass' && r.required).map((r) => [r.requirement, r.status])).toEqual([['ptr', 'unknown']]);
    writeFileSync(file, await senderMessage(good, { oneClick: false }));
    const bulk = JSON.parse((await runCli('analyze', file, '--json')).out) as Deliverable;
    expect(verdicts(bulk.providers)).toEqual(['gmail:fail', 'yahoo:fail', 'outlook:pass']);
    const personal = JSON.parse((await runCli('analyze', file, '--json', '--one-to-one')).out) as Deliverable;
    expect(verdicts(personal.providers)).toEqual(['gmail:unknown', 'yahoo:unknown', 'outlook:pass']);
    // List-Unsubscribe costs a point only when the sender sends bulk mail.
    expect([bulk.score.value, personal.score.value]).toEqual([9, 10]);
    const text = await runCli('analyze', file);
    expect(text.out).toContain('Score 9 / 10');
    expect(text.out).toContain('One-click unsubscribe (RFC 8058 List-Unsubscribe-Post)');
  });

  it('analyze --content adds the content checks (here with SpamAssassin switched off)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mxray-deliv-'));
    const file = path.join(dir, 'html-only.eml');
    writeFileSync(file, CONTENT_FIXTURES.htmlOnly);
    process.env.MXRAY_SPAMASSASSIN = 'off';
    try {
      const j = JSON.parse((await runCli('analyze', file, '--content', '--json')).out) as Deliverable & { content: ContentReport };
      expect(j.content.spamassassin).toMatchObject({ state: 'unavailable', reason: expect.stringMatching(/switched off/) });
      expect(j.content.findings.map((f) => f.code)).toContain('content.html-only');
      expect(j.score.lines.map((l) => l.code)).toContain('content.html-only');
      const text = await runCli('analyze', file, '--content');
      expect(text.out).toContain('The message has an HTML part but no plain-text part.');
    } finally {
      process.env.MXRAY_SPAMASSASSIN = 'auto';
    }
  });
});

describe('the JSON API', () => {
  it('POST /api/checks answers with score and providers, and GET /api/reports/<id> computes them on read', async () => {
    const res = await checks.POST(jsonRequest('/api/checks', { domain: bad.domain, ip: bad.ip, selectors: ['mail'] }));
    expect(res.status).toBe(201);
    const b = (await res.json()) as Deliverable & { id: string };
    expect(b.score.value).toBe(7);
    expect(b.providers.find((p) => p.provider === 'outlook')!.rows.find((r) => r.requirement === 'spf')).toMatchObject({ status: 'fail', reply: '550 5.7.515' });
    const read = (await (await reports.GET(getRequest(`/api/reports/${b.id}`), params({ id: b.id }))).json()) as Deliverable;
    expect(read.score).toEqual(b.score);
    expect(read.providers).toEqual(b.providers);
  });

  it('POST /api/analyze answers with score and providers; senders=one-to-one is honoured', async () => {
    const message = await senderMessage(good, { oneClick: false });
    const bulk = (await (await analyze.POST(jsonRequest('/api/analyze', { message }))).json()) as Deliverable & { id: string };
    expect(verdicts(bulk.providers)).toEqual(['gmail:fail', 'yahoo:fail', 'outlook:pass']);
    const personal = (await (await analyze.POST(jsonRequest('/api/analyze', { message, senders: 'one-to-one' }))).json()) as Deliverable;
    expect(verdicts(personal.providers)).toEqual(['gmail:unknown', 'yahoo:unknown', 'outlook:pass']);
    const read = (await (await reports.GET(getRequest(`/api/reports/${bulk.id}?senders=one-to-one`), params({ id: bulk.id }))).json()) as Deliverable;
    expect(verdicts(read.providers)).toEqual(['gmail:unknown', 'yahoo:unknown', 'outlook:pass']);
  });

  it('POST /api/analyze runs the content checks of a complete message, and they cost points', async () => {
    const b = (await (await analyze.POST(jsonRequest('/api/analyze', { message: CONTENT_FIXTURES.htmlOnly }))).json()) as Deliverable & { id: string; content: ContentReport };
    expect(b.content.findings.map((f) => f.code)).toContain('content.html-only');
    expect(b.score.lines.map((l) => l.code)).toContain('content.html-only');
    // .ci/run installs SpamAssassin; without it the report says so instead.
    expect(b.content.spamassassin.state).toBe(findSpamd('auto') ? 'scanned' : 'unavailable');
    const read = (await (await reports.GET(getRequest(`/api/reports/${b.id}`), params({ id: b.id }))).json()) as Deliverable;
    expect(read.score).toEqual(b.score);
    // Headers only: nothing to check the content of.
    const headersOnly = (await (await analyze.POST(jsonRequest('/api/analyze', { message: CONTENT_FIXTURES.htmlOnly.split('\r\n\r\n')[0] + '\r\n' }))).json()) as { content?: unknown };
    expect(headersOnly.content).toBeUndefined();
  }, 180_000);

  it('rejects an unknown senders value with a sentence naming the field', async () => {
    const res = await checks.POST(jsonRequest('/api/checks', { domain: good.domain, senders: 'lots' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_input', message: 'senders must be "bulk" or "one-to-one".', field: 'senders' } });
  });
});
