import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@/lib/checks/types';
import { evaluateChecklist, type ChecklistInput } from '@/lib/checklist/evaluate';
import { CHECKLIST } from '@/lib/checklist/items';
import type { MessageAnalysis } from '@/lib/message/types';

function check(over: Partial<CheckResult> & Pick<CheckResult, 'id' | 'status'>): CheckResult {
  return { title: over.id, summary: `${over.id} is ${over.status}`, findings: [], records: [], ...over };
}

function input(over: Partial<ChecklistInput> = {}): ChecklistInput {
  return { domain: 'example.test', ip: '192.0.2.25', selector: 'mail', checks: {}, ...over };
}

function analysis(over: Partial<MessageAnalysis['verified']>): MessageAnalysis {
  return { kind: 'analysis', status: 'pass', receiver: { dkim: [] }, verified: { dkim: [], ...over }, hops: [], findings: [], takenAt: '2026-11-25T12:00:00Z' };
}

const item = (s: ReturnType<typeof evaluateChecklist>, id: string) => s.items.find((i) => i.id === id)!;

describe('setup checklist', () => {
  it('walks the steps in the order of a self-hosting guide', () => {
    expect(CHECKLIST.map((d) => d.id)).toEqual(['ip-not-listed', 'port25', 'spf', 'dkim', 'dmarc', 'ptr', 'mx', 'test-message', 'message-auth']);
  });

  it('turns an item green when its check passes, and counts it', () => {
    const s = evaluateChecklist(input({ checks: { dmarc: check({ id: 'dmarc', status: 'pass' }) } }));
    expect(item(s, 'dmarc').state).toBe('done');
    expect(s.done).toBe(1);
    expect(s.total).toBe(9);
  });

  it('shows the exact fix and the TTL resolvers may still cache when an item fails', () => {
    const fix = { summary: 'Publish a DMARC record', records: [{ name: '_dmarc.example.test', type: 'TXT', value: 'v=DMARC1; p=none' }] };
    const s = evaluateChecklist(input({
      checks: {
        dmarc: check({
          id: 'dmarc',
          status: 'fail',
          fix,
          findings: [{ code: 'dmarc.invalid', severity: 'fail', detail: 'p= is missing' }, { code: 'dmarc.found', severity: 'pass', detail: 'found' }],
          records: [{ name: '_dmarc.example.test', type: 'TXT', value: 'v=DMARC1', ttl: 3600 }],
        }),
      },
    }));
    const d = item(s, 'dmarc');
    expect(d.state).toBe('todo');
    expect(d.fix).toEqual(fix);
    expect(d.ttl).toBe(3600);
    expect(d.problems.map((p) => p.code)).toEqual(['dmarc.invalid']);
  });

  it('falls back to plain how-to words with the domain and selector filled in', () => {
    const s = evaluateChecklist(input({ selector: 's2024', checks: { dkim: check({ id: 'dkim', status: 'fail' }) } }));
    expect(item(s, 'dkim').howTo).toContain('s2024._domainkey.example.test');
  });

  it('counts a step that works with a caveat as done (a DMARC record with p=none is present)', () => {
    const s = evaluateChecklist(input({ checks: { dmarc: check({ id: 'dmarc', status: 'warn', findings: [{ code: 'dmarc.policy-none', severity: 'warn', detail: 'p=none only monitors' }] }) } }));
    expect(item(s, 'dmarc')).toMatchObject({ state: 'warn', complete: true });
    expect(item(s, 'dmarc').problems).toHaveLength(1);
    expect(s.done).toBe(1);
  });

  it('keeps "could not test" apart from "fail"', () => {
    const s = evaluateChecklist(input({ checks: { mx: check({ id: 'mx', status: 'error' }) } }));
    expect(item(s, 'mx').state).toBe('error');
  });

  it('asks for the IP for the IP-based steps when none was given', () => {
    const s = evaluateChecklist(input({ ip: undefined, checks: { spf: check({ id: 'spf', status: 'pass' }) } }));
    expect(item(s, 'ip-not-listed').state).toBe('needs-input');
    expect(item(s, 'ptr').state).toBe('needs-input');
    expect(item(s, 'spf').state).toBe('done');
  });

  it('shows checks that have not run as not checked yet', () => {
    expect(item(evaluateChecklist(input()), 'port25')).toMatchObject({ state: 'pending', summary: 'Not checked yet.' });
  });

  it('follows the test message from waiting to received to all-pass', () => {
    const waiting = evaluateChecklist(input({ test: { state: 'waiting', address: 't-abc@mx.example.test' } }));
    expect(item(waiting, 'test-message')).toMatchObject({ state: 'pending', address: 't-abc@mx.example.test' });
    expect(item(waiting, 'message-auth').state).toBe('pending');

    const good = analysis({ spf: { result: 'pass' }, dkim: [{ result: 'fail' }, { result: 'pass', domain: 'example.test' }], dmarc: { result: 'pass' } });
    const received = evaluateChecklist(input({ test: { state: 'received', reportId: 'r1', analysis: good } }));
    expect(item(received, 'test-message')).toMatchObject({ state: 'done', reportId: 'r1' });
    expect(item(received, 'message-auth').state).toBe('done');
  });

  it('names what failed on the test message', () => {
    const bad = analysis({ spf: { result: 'softfail' }, dkim: [], dmarc: { result: 'fail' } });
    const s = evaluateChecklist(input({ test: { state: 'received', reportId: 'r1', analysis: bad } }));
    const m = item(s, 'message-auth');
    expect(m.state).toBe('todo');
    expect(m.summary).toBe('SPF softfail, DKIM is missing, DMARC fail.');
    expect(m.auth).toEqual([{ method: 'spf', result: 'softfail' }, { method: 'dkim', result: 'missing' }, { method: 'dmarc', result: 'fail' }]);
  });

  it('treats a temporary DNS error on the test message as could-not-test', () => {
    const s = evaluateChecklist(input({ test: { state: 'received', analysis: analysis({ spf: { result: 'pass' }, dkim: [{ result: 'temperror' }], dmarc: { result: 'temperror' } }) } }));
    expect(item(s, 'message-auth').state).toBe('error');
  });

  it('asks for a new address when the old one expired', () => {
    expect(item(evaluateChecklist(input({ test: { state: 'expired' } })), 'test-message').state).toBe('todo');
  });
});

describe('SPF step', () => {
  const spfData = (result: string, reason?: string) => ({ domain: 'example.test', result, reason, tree: { domain: 'example.test', via: 'root', terms: [], lookups: 0, cumulativeLookups: 0, voidLookups: 0, cumulativeVoidLookups: 0, children: [] }, lookups: { limit: 10, count: 0, void: 0, voidLimit: 2 }, voidLookups: 0 });

  it('is only done when SPF passes for the server IP', () => {
    const s = evaluateChecklist(input({ checks: { spf: check({ id: 'spf', status: 'pass', data: spfData('softfail', 'no mechanism matched; ~all') }) } }));
    expect(item(s, 'spf')).toMatchObject({ state: 'todo', summary: 'SPF gives softfail for 192.0.2.25: no mechanism matched; ~all' });
    const ok = evaluateChecklist(input({ checks: { spf: check({ id: 'spf', status: 'pass', data: spfData('pass') }) } }));
    expect(item(ok, 'spf').state).toBe('done');
  });

  it('reads a DNS temperror as could-not-test', () => {
    const s = evaluateChecklist(input({ checks: { spf: check({ id: 'spf', status: 'error', data: spfData('temperror') }) } }));
    expect(item(s, 'spf').state).toBe('error');
  });
});

describe('stored analysis payloads', () => {
  it('reads both a bare analysis and a stored paste that wraps one', async () => {
    const { analysisOf } = await import('@/lib/checklist/run');
    const a = analysis({ spf: { result: 'pass' } });
    expect(analysisOf(a)).toBe(a);
    expect(analysisOf({ kind: 'analysis', analysis: a, headers: 'From: x' })).toBe(a);
    expect(analysisOf({ kind: 'check' })).toBeUndefined();
    expect(analysisOf(null)).toBeUndefined();
  });
});
