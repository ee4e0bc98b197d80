import { db } from './client';
import { mailDomainFromEnv, testAddressTtlHours } from '../inbound/config';
import { newToken, normalizeToken, testAddressFor } from '../inbound/token';
import { hashToken, newReportId } from '../report/ids';
import { expiryFor } from '../retention/settings';
import { writeBatch } from './sqlite-batch';
import { databaseUrl } from './url';

/**
 * Personal test addresses t-<token>@MXRAY_MAIL_DOMAIN. The dashboard creates one and polls it;
 * the SMTP listener accepts mail only for live ones and links the stored report here.
 */
export interface TestAddressStatus {
  token: string;
  address: string;
  /** "received" wins over "expired": a report that arrived stays reachable after expiry. */
  state: 'waiting' | 'received' | 'expired';
  /** The latest report received for this address. */
  reportId?: string;
  receivedAt?: Date;
  count: number;
  /** Domain the user is setting up (optional, for the checklist). */
  domain?: string;
  createdAt: Date;
  /** After this the listener refuses mail for the address (550 at RCPT). */
  expiresAt: Date;
}

/** What the listener needs to know at RCPT time. */
export type TestAddressAcceptance = 'accept' | 'unknown' | 'expired';

interface Row {
  token: string;
  createdAt: Date;
  expiresAt: Date;
  domain: string | null;
  receivedAt: Date | null;
  reportId: string | null;
  count: number;
}

function toStatus(row: Row, now: Date, mailDomain: string): TestAddressStatus {
  const state = row.reportId ? 'received' : row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'waiting';
  return {
    token: row.token,
    address: testAddressFor(row.token, mailDomain),
    state,
    reportId: row.reportId ?? undefined,
    receivedAt: row.receivedAt ?? undefined,
    count: row.count,
    domain: row.domain ?? undefined,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

export interface CreateTestAddressOptions {
  /** Domain the user is setting up; stored lowercased, for the checklist. */
  domain?: string;
  /** Defaults to MXRAY_TEST_ADDRESS_TTL_HOURS (24). */
  ttlHours?: number;
  now?: Date;
}

export async function createTestAddress(opts: CreateTestAddressOptions = {}): Promise<TestAddressStatus> {
  const now = opts.now ?? new Date();
  const ttlHours = opts.ttlHours ?? testAddressTtlHours();
  const domain = opts.domain?.trim().toLowerCase().replace(/\.$/, '').slice(0, 253) || null;
  const row = await db().testAddress.create({
    data: { token: newToken(), createdAt: now, expiresAt: new Date(now.getTime() + ttlHours * 3_600_000), domain },
  });
  return toStatus(row, now, mailDomainFromEnv());
}

/** Accepts the bare token, "t-<token>" or the full address, in any case; null when unknown or malformed. */
export async function getTestAddress(token: string, now: Date = new Date()): Promise<TestAddressStatus | null> {
  const canonical = normalizeToken(token);
  if (!canonical) return null;
  const row = await db().testAddress.findUnique({ where: { token: canonical } });
  return row ? toStatus(row, now, mailDomainFromEnv()) : null;
}

/** One indexed read per RCPT TO; throws only when the database does (the listener answers 451). */
export async function testAddressAcceptance(token: string, now: Date = new Date()): Promise<{ state: TestAddressAcceptance; expiresAt?: Date }> {
  const row = await db().testAddress.findUnique({ where: { token }, select: { expiresAt: true } });
  if (!row) return { state: 'unknown' };
  return { state: row.expiresAt.getTime() > now.getTime() ? 'accept' : 'expired', expiresAt: row.expiresAt };
}

export interface InboundReportInput<P> {
  subject: string;
  status: string;
  payload: P;
  /** Test addresses the message was sent to; each gets this report as its latest. */
  tokens: string[];
  receivedAt: Date;
  /** Whether the payload keeps the whole message (its body then expires sooner). */
  hasBody?: boolean;
}

/**
 * A received message belongs to whoever holds its test address's token (the first, when it was sent
 * to several): that token is its owner token, so the owner can delete it like any other report.
 */
function ownerHash(tokens: string[]): string | null {
  return tokens[0] ? hashToken(tokens[0]) : null;
}

/**
 * Stores received messages as "inbound" reports and links each to its test addresses, all in one
 * transaction: one disk sync for the whole batch (the listener's group commit), and never a report
 * without its link or the reverse. Returns the report ids in input order.
 */
export async function saveInboundReports<P>(inputs: InboundReportInput<P>[]): Promise<string[]> {
  if (inputs.length === 0) return [];
  const ids = inputs.map(() => newReportId());
  const url = databaseUrl();
  if (url.startsWith('file:')) {
    // SQLite: prepared statements on a dedicated connection (lib/db/sqlite-batch.ts), ~10× cheaper
    // per message than going through Prisma's query compiler.
    writeBatch(url, inputs.map((input, i) => ({
      id: ids[i]!, kind: 'inbound', subject: input.subject.slice(0, 500), status: input.status,
      payload: JSON.stringify(input.payload), createdAt: input.receivedAt, ...expiryFor(input.receivedAt, input.hasBody === true), ownerTokenHash: ownerHash(input.tokens), tokens: [...new Set(input.tokens)],
    })));
    return ids;
  }
  // Per test address: how many of these messages it got and the latest one's report.
  const perToken = new Map<string, { count: number; reportId: string; at: Date }>();
  inputs.forEach((input, i) => {
    for (const token of new Set(input.tokens)) {
      const seen = perToken.get(token);
      if (!seen || seen.at.getTime() <= input.receivedAt.getTime()) perToken.set(token, { count: (seen?.count ?? 0) + 1, reportId: ids[i]!, at: input.receivedAt });
      else seen.count++;
    }
  });
  const client = db();
  await client.$transaction([
    client.report.createMany({
      data: inputs.map((input, i) => ({ id: ids[i]!, kind: 'inbound', subject: input.subject.slice(0, 500), status: input.status, payload: JSON.stringify(input.payload), createdAt: input.receivedAt, ...expiryFor(input.receivedAt, input.hasBody === true), ownerTokenHash: ownerHash(input.tokens) })),
    }),
    ...[...perToken].map(([token, t]) => client.testAddress.updateMany({ where: { token }, data: { receivedAt: t.at, reportId: t.reportId, count: { increment: t.count } } })),
  ]);
  return ids;
}

/**
 * After the address's latest message was verified again (a new report of the same message), the
 * address points at that newer verification, so the checklist judges the message with today's DNS.
 * Only when it still points at `fromReportId`: a message that arrived meanwhile wins.
 */
export async function pointTestAddressAt(token: string, fromReportId: string, toReportId: string): Promise<void> {
  await db().testAddress.updateMany({ where: { token, reportId: fromReportId }, data: { reportId: toReportId } });
}

/** Housekeeping: drops addresses that expired without ever receiving mail; returns how many. */
export async function deleteExpiredTestAddresses(now: Date = new Date()): Promise<number> {
  const r = await db().testAddress.deleteMany({ where: { expiresAt: { lte: now }, reportId: null } });
  return r.count;
}
