import type { SpfData } from '../checks/spf';
import type { CheckId, CheckResult, CheckStatus, Finding, Fix } from '../checks/types';
import type { AuthVerdict, MessageAnalysis } from '../message/types';
import type { ProviderVerdict } from '../providers/types';
import { impactOf } from '../report/priority';
import { CHECKLIST, type ChecklistItemDef, type ChecklistItemId } from './items';

/**
 * done: nothing to do · todo: this is what to fix · warn: done, with a caveat (counts as done: the
 * step's question is answered, e.g. a DMARC record is present even if p=none) · error: could not
 * test (DNS timeout…) · pending: waiting for something (a test message, a check not run yet) ·
 * needs-input: the item needs the server IP.
 */
export type ItemState = 'done' | 'todo' | 'warn' | 'error' | 'pending' | 'needs-input';

export interface TestAddressView {
  state: 'none' | 'waiting' | 'received' | 'expired';
  address?: string;
  reportId?: string;
  /** Analysis of the received message, when there is one. */
  analysis?: MessageAnalysis;
}

export interface ChecklistInput {
  domain: string;
  ip?: string;
  selector: string;
  checks: Partial<Record<CheckId, CheckResult>>;
  test?: TestAddressView;
}

export interface AuthLine {
  method: 'spf' | 'dkim' | 'dmarc';
  result: AuthVerdict | 'missing';
}

export interface ItemStatus {
  id: ChecklistItemId;
  title: string;
  explanation: string;
  state: ItemState;
  /** One sentence about this item now. */
  summary: string;
  /** Findings that are not a pass, for "what exactly is wrong". */
  problems: Finding[];
  fix?: Fix;
  howTo?: string;
  /**
   * Longest TTL among the records the check saw, when the item is not done: resolvers may keep
   * serving the old answer for that long after a change.
   */
  ttl?: number;
  /** Whether the step counts as done (done, or done with a caveat). */
  complete: boolean;
  /** For the test-message steps. */
  address?: string;
  reportId?: string;
  auth?: AuthLine[];
}

export interface ChecklistStatus {
  domain: string;
  ip?: string;
  selector: string;
  items: ItemStatus[];
  done: number;
  total: number;
  /** The single most important next step (worst first, by impact on delivery), or that all is done. */
  next: { itemId?: ChecklistItemId; title: string; text: string; state: ItemState };
  /** Gmail, Yahoo and Outlook.com requirements, from the DNS steps and the test message (issue 16). */
  providers?: ProviderVerdict[];
}

/** To-do steps first, then "could not test", then steps waiting for input; done steps never. */
const URGENCY: Partial<Record<ItemState, number>> = { todo: 3, error: 2, 'needs-input': 1, pending: 1 };

/** The test-message steps confirm the DNS steps, so they come after any DNS step with the same urgency. */
const TEST_STEP_IMPACT = 20;

function nextOf(items: ItemStatus[]): ChecklistStatus['next'] {
  const open = items
    .map((item, i) => ({ item, i, def: CHECKLIST.find((d) => d.id === item.id)! }))
    .filter((x) => URGENCY[x.item.state] !== undefined)
    .sort((a, b) => URGENCY[b.item.state]! - URGENCY[a.item.state]! || impact(b.def) - impact(a.def) || a.i - b.i);
  const top = open[0]?.item;
  if (!top) return { title: 'All steps done', text: 'Every step of the setup passes: your server is ready to send to Gmail and the other large receivers.', state: 'done' };
  const fix = top.fix && top.fix.proof?.resolved !== false ? top.fix : undefined;
  return { itemId: top.id, title: top.title, text: fix?.summary.split('\n')[0] ?? (top.problems[0]?.detail || top.howTo || top.summary), state: top.state };
}

function impact(def: ChecklistItemDef): number {
  return def.source === 'test-address' || def.source === 'test-report' ? TEST_STEP_IMPACT : impactOf(def.source);
}

const STATE_OF: Record<CheckStatus, ItemState> = { pass: 'done', info: 'done', warn: 'warn', fail: 'todo', error: 'error' };

function fromCheck(def: ChecklistItemDef, check: CheckResult | undefined, input: ChecklistInput): Omit<ItemStatus, 'id' | 'title' | 'explanation' | 'complete'> {
  if (def.needsIp && !input.ip) {
    return { state: 'needs-input', summary: 'Give your server\'s public IP address to check this step.', problems: [] };
  }
  if (!check) return { state: 'pending', summary: 'Not checked yet.', problems: [] };
  let state = STATE_OF[check.status];
  let summary = check.summary;
  const problems = check.findings.filter((f) => f.severity !== 'pass' && f.severity !== 'info');
  // "SPF authorises your server" is about the verdict for this IP, not only about the record's health.
  const spf = def.id === 'spf' && input.ip ? (check.data as SpfData | undefined) : undefined;
  if (spf?.result && spf.result !== 'pass') {
    state = spf.result === 'temperror' ? 'error' : 'todo';
    summary = `SPF gives ${spf.result} for ${input.ip}${spf.reason ? `: ${spf.reason}` : '.'}`;
  } else if (spf?.result === 'pass' && state === 'todo') {
    state = 'warn';
  }
  const out: Omit<ItemStatus, 'id' | 'title' | 'explanation' | 'complete'> = { state, summary, problems };
  if (state !== 'done') {
    if (check.fix) out.fix = check.fix;
    else out.howTo = def.howTo.replaceAll('<domain>', input.domain).replaceAll('<selector>', input.selector);
    const ttls = check.records.map((r) => r.ttl).filter((t): t is number => typeof t === 'number' && t > 0);
    if (ttls.length) out.ttl = Math.max(...ttls);
  }
  return out;
}

/** Whether SPF, DKIM and DMARC all pass on a test message (the last checklist step). */
export function messageAuthPasses(a: MessageAnalysis): boolean {
  return authLines(a).every((l) => l.result === 'pass');
}

function authLines(a: MessageAnalysis): AuthLine[] {
  // mxray is the receiver of test mail: what it verified itself counts; fall back to the header.
  const spf = a.verified.spf?.result ?? a.receiver.spf?.result;
  const dkims = a.verified.dkim.length ? a.verified.dkim : a.receiver.dkim;
  const dkim: AuthVerdict | undefined = dkims.length ? (dkims.some((d) => d.result === 'pass') ? 'pass' : dkims[0]!.result) : undefined;
  const dmarc = a.verified.dmarc?.result ?? a.receiver.dmarc?.result;
  return [
    { method: 'spf', result: spf ?? 'missing' },
    { method: 'dkim', result: dkim ?? 'missing' },
    { method: 'dmarc', result: dmarc ?? 'missing' },
  ];
}

function fromTest(def: ChecklistItemDef, test: TestAddressView | undefined): Omit<ItemStatus, 'id' | 'title' | 'explanation' | 'complete'> {
  const t = test ?? { state: 'none' as const };
  if (def.source === 'test-address') {
    switch (t.state) {
      case 'received':
        return { state: 'done', summary: 'Your test message arrived.', problems: [], address: t.address, reportId: t.reportId };
      case 'waiting':
        return { state: 'pending', summary: `Waiting for a message to ${t.address ?? 'your address'}…`, problems: [], address: t.address };
      case 'expired':
        return { state: 'todo', summary: 'That test address has expired; create a new one.', problems: [], howTo: def.howTo };
      default:
        return { state: 'todo', summary: 'No test message yet.', problems: [], howTo: def.howTo };
    }
  }
  if (t.state !== 'received' || !t.analysis) {
    return { state: 'pending', summary: 'Send the test message first.', problems: [] };
  }
  const auth = authLines(t.analysis);
  const failing = auth.filter((l) => l.result !== 'pass');
  const couldNot = failing.length > 0 && failing.every((l) => l.result === 'temperror');
  const problems = t.analysis.findings.filter((f) => f.severity === 'fail' || f.severity === 'warn' || f.severity === 'error');
  return {
    state: failing.length === 0 ? 'done' : couldNot ? 'error' : 'todo',
    summary: failing.length === 0 ? 'SPF, DKIM and DMARC all pass.' : `${failing.map((l) => `${l.method.toUpperCase()} ${l.result === 'missing' ? 'is missing' : l.result}`).join(', ')}.`,
    problems,
    auth,
    reportId: t.reportId,
    howTo: failing.length ? def.howTo : undefined,
  };
}

/** The checklist as the page shows it, from check results and the test-address state. Pure. */
export function evaluateChecklist(input: ChecklistInput): ChecklistStatus {
  const items = CHECKLIST.map((def): ItemStatus => {
    const base = { id: def.id, title: def.title, explanation: def.explanation.replaceAll('<selector>', input.selector) };
    const rest = def.source === 'test-address' || def.source === 'test-report' ? fromTest(def, input.test) : fromCheck(def, input.checks[def.source], input);
    return { ...base, ...rest, complete: rest.state === 'done' || rest.state === 'warn' };
  });
  return { domain: input.domain, ip: input.ip, selector: input.selector, items, done: items.filter((i) => i.complete).length, total: items.length, next: nextOf(items) };
}
