import type { ProviderVerdict, RowStatus } from '@/lib/providers/types';

const LOOK: Record<RowStatus, { word: string; tone: string }> = {
  pass: { word: 'takes your mail', tone: 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-100' },
  fail: { word: 'will junk or reject it', tone: 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100' },
  unknown: { word: 'not decided yet', tone: 'border-slate-200 dark:border-slate-800' },
};

/**
 * The checklist's answer to "will Gmail, Yahoo and Outlook take my mail?": one line per provider,
 * requirements met out of those that apply to bulk senders, from the DNS steps and the test message.
 */
export function ProviderSummary({ providers }: { providers: ProviderVerdict[] }) {
  return (
    <ul className="mt-3 grid gap-2 text-sm sm:grid-cols-3" aria-label="Mailbox providers" data-testid="provider-summary">
      {providers.map((p) => {
        const failing = p.rows.filter((r) => r.required && r.status === 'fail');
        return (
          <li key={p.provider} className={`rounded-lg border p-2 ${LOOK[p.verdict].tone}`}>
            <span className="font-semibold">{p.name}</span>: {LOOK[p.verdict].word}
            <span className="block text-xs">
              {p.met} of {p.required} requirements met{failing.length ? ` · ${failing.map((r) => r.reply ? `${r.text} (${r.reply})` : r.text).join('; ')}` : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
