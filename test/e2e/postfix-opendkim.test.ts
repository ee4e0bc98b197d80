/**
 * The setup users run: their Postfix signs outgoing mail with OpenDKIM (both from Debian) and
 * relays it to mxray's test address. swaks submits to Postfix, OpenDKIM signs it with a fresh key,
 * Postfix relays it to the listener (bin/smtp.ts), and the stored report must show mxray's own
 * verification of that signature as pass for the d=/s= OpenDKIM used, with the public key served
 * by the test DNS server at <selector>._domainkey.<domain> exactly as opendkim-genkey wrote it.
 * Needs root (Postfix and OpenDKIM drop privileges to their users); CI runs it as root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../support/dns-server';
import { useTempDatabase, type TempDatabase } from '../support/temp-db';
import {
  announceSkip, BIN, makeLabDir, missingBinaries, startListenerProcess, startOpenDkim, startPostfix, swaks, waitFor,
  type LabDir, type ListenerProcess, type OpenDkim, type Postfix,
} from '../support/mail-lab';
import type { InboundPayload } from '@/lib/inbound/types';

const MAIL_DOMAIN = 'mxray.e2e.test';
const SENDER_DOMAIN = 'lab.sender.test';
const SELECTOR = 'mxraye2e';

const missing = missingBinaries([BIN.swaks, BIN.postfix, BIN.opendkim, BIN.opendkimGenkey]);
const notRoot = typeof process.getuid === 'function' && process.getuid() !== 0;
if (missing.length) announceSkip('test/e2e/postfix-opendkim.test.ts', `missing ${missing.join(', ')}`);
else if (notRoot) announceSkip('test/e2e/postfix-opendkim.test.ts', 'must run as root: Postfix and OpenDKIM start as root and drop to their own users');

describe.skipIf(missing.length > 0 || notRoot)('swaks → Postfix + OpenDKIM → mxray listener', () => {
  let db: TempDatabase;
  let dns: TestDnsServer;
  let lab: LabDir;
  let listener: ListenerProcess;
  let dkim: OpenDkim | undefined;
  let postfix: Postfix | undefined;

  beforeAll(async () => {
    db = await useTempDatabase('mxray-e2e-postfix-');
    process.env.MXRAY_MAIL_DOMAIN = MAIL_DOMAIN;
    lab = makeLabDir();
    dkim = await startOpenDkim(lab, { domain: SENDER_DOMAIN, selector: SELECTOR });
    dns = await new TestDnsServer({
      zone: {
        [SENDER_DOMAIN]: { TXT: ['v=spf1 ip4:127.0.0.1 -all'], A: ['127.0.0.1'] },
        [`_dmarc.${SENDER_DOMAIN}`]: { TXT: ['v=DMARC1; p=reject'] },
        [`${SELECTOR}._domainkey.${SENDER_DOMAIN}`]: { TXT: [dkim.txt] },
      },
    }).start();
    listener = await startListenerProcess({ DATABASE_URL: db.url, MXRAY_DNS_SERVERS: dns.address, MXRAY_MAIL_DOMAIN: MAIL_DOMAIN });
    postfix = await startPostfix(lab, { domain: SENDER_DOMAIN, relayPort: listener.port, milterPort: dkim.port });
  });

  afterAll(async () => {
    await postfix?.stop();
    await dkim?.stop();
    await listener?.stop();
    await dns?.stop();
    const { closeDb } = await import('@/lib/db/client');
    await closeDb();
    lab?.remove();
    db?.remove();
  });

  it('verifies the DKIM signature OpenDKIM added in Postfix as pass, for its d= and s=', async () => {
    const { createTestAddress, getTestAddress } = await import('@/lib/db/test-addresses');
    const { getReport } = await import('@/lib/db/reports');
    const addr = await createTestAddress({ domain: SENDER_DOMAIN });

    const sent = await swaks(['--server', `127.0.0.1:${postfix!.port}`, '--to', addr.address, '--from', `alice@${SENDER_DOMAIN}`, '--helo', `client.${SENDER_DOMAIN}`, '--header', 'Subject: signed by OpenDKIM via Postfix']);
    expect(sent.code, `${sent.stdout}\n${sent.stderr}`).toBe(0);
    expect(sent.stdout).toMatch(/250 2\.0\.0 Ok: queued as/);

    // Postfix delivers from its queue; the listener answers it 250 only once the report is stored,
    // and Postfix logs that reply with the report id.
    const sentLine = new RegExp(`to=<${addr.address}>, relay=127\\.0\\.0\\.1\\[127\\.0\\.0\\.1\\]:${listener.port}.*status=sent \\(250 2\\.6\\.0 Stored as mxray report ([A-Za-z0-9_-]{32})\\)`);
    const reportId = await waitFor('Postfix to relay the message to the listener', () => sentLine.exec(postfix!.log())?.[1], 90_000).catch((e: Error) => {
      throw new Error(`${e.message}\n--- postfix log ---\n${postfix!.log()}\n--- listener ---\n${listener.output()}`);
    });
    expect(await getTestAddress(addr.token)).toMatchObject({ state: 'received', reportId, count: 1 });

    const report = await getReport<InboundPayload>(reportId);
    const p = report!.payload;
    expect(p.headers).toMatch(new RegExp(`DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=${SENDER_DOMAIN.replace(/\./g, '\\.')};\\s+s=${SELECTOR};`));
    expect(p.envelope).toMatchObject({ ip: '127.0.0.1', helo: `mail.${SENDER_DOMAIN}`, mailFrom: `alice@${SENDER_DOMAIN}` });
    const verified = p.analysis.verified;
    expect(verified.dkim).toEqual(expect.arrayContaining([expect.objectContaining({ result: 'pass', domain: SENDER_DOMAIN, selector: SELECTOR })]));
    expect(verified.spf?.result).toBe('pass');
    expect(verified.dmarc?.result).toBe('pass');
    expect(report!.subject).toBe('signed by OpenDKIM via Postfix');
  });
});
