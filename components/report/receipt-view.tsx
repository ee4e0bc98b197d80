import type { Receipt } from '@/lib/message/types';
import { StatusBadge } from '../ui/status-badge';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-1 sm:grid-cols-[10rem_1fr]">
      <dt className="font-medium">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** What mxray's own listener saw while receiving the test message: the view mail-tester leads with. */
export function ReceiptView({ receipt }: { receipt: Receipt }) {
  const r = receipt;
  return (
    <section aria-labelledby="receipt-title" data-testid="receipt" className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <h2 id="receipt-title" className="text-lg font-semibold">How mxray received it</h2>
      <dl className="mt-2 divide-y divide-slate-100 text-sm dark:divide-slate-800">
        <Row label="Connecting IP"><span className="font-mono">{r.ip}</span></Row>
        <Row label="Reverse DNS">
          {r.rdns ? (
            <span className="flex flex-wrap items-center gap-2">
              <StatusBadge status={r.rdns.status} label={r.rdns.confirmed ? 'FCrDNS confirmed' : 'not confirmed'} />
              <span className="font-mono break-all">{r.rdns.names.length ? r.rdns.names.join(', ') : 'no PTR record'}</span>
            </span>
          ) : 'not looked up'}
        </Row>
        <Row label="HELO">
          <span className="font-mono break-all">{r.helo}</span>{' '}
          {r.rdns && <span className="text-slate-600 dark:text-slate-400">· {r.rdns.heloMatches ? 'forward-confirmed: it names this IP' : 'does not match: neither the PTR name nor a name of this IP'}</span>}
        </Row>
        <Row label="TLS">
          {r.tls ? <span className="font-mono">{r.tls.protocol} · {r.tls.cipher}</span> : <span className="flex items-center gap-2"><StatusBadge status="warn" label="plain text" /> no STARTTLS</span>}
        </Row>
        <Row label="Envelope sender"><span className="font-mono break-all">{r.mailFrom ? `<${r.mailFrom}>` : '<> (null sender)'}</span></Row>
        <Row label="Envelope recipient"><span className="font-mono break-all">{r.rcptTo.join(', ')}</span></Row>
        <Row label="Size">{r.size.toLocaleString('en')} bytes</Row>
        <Row label="Blocklists">
          {r.dnsbl ? (
            <span className="flex flex-wrap items-center gap-2">
              <StatusBadge status={r.dnsbl.listed.length ? 'fail' : r.dnsbl.status === 'error' ? 'error' : 'pass'} label={r.dnsbl.listed.length ? `listed on ${r.dnsbl.listed.length}` : 'not listed'} />
              <span>{r.dnsbl.listed.length ? r.dnsbl.listed.join(', ') : `${r.dnsbl.checked} lists asked`}</span>
            </span>
          ) : 'not looked up'}
        </Row>
      </dl>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-600 dark:text-slate-400">SMTP dialogue</summary>
        <ol className="mt-1 list-decimal pl-6 font-mono text-xs break-all">
          {r.dialogue.map((l, i) => <li key={i}>{l}</li>)}
        </ol>
      </details>
    </section>
  );
}
