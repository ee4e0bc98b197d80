import type { Deliverability } from '@/lib/report/deliverability';
import { ProviderTable } from './provider-table';
import { ScoreCard } from './score-card';

/** The score and the provider verdicts, as one block a report page adds with one line. */
export function DeliverabilityView({ view }: { view: Deliverability }) {
  return (
    <div className="space-y-4" id="deliverability">
      <ScoreCard score={view.score} />
      <ProviderTable providers={view.providers} senders={view.senders} />
    </div>
  );
}
