import type { ContentState } from '@/lib/content/types';
import type { Deliverability } from '@/lib/report/deliverability';
import { ContentView } from './content-view';
import { ProviderTable } from './provider-table';
import { ScoreCard } from './score-card';

/** The score, the provider verdicts and (for messages) the content checks: one line on a report page. */
export function DeliverabilityView({ view, content }: { view: Deliverability; content?: ContentState }) {
  return (
    <div className="space-y-4" id="deliverability">
      <ScoreCard score={view.score} />
      <ProviderTable providers={view.providers} senders={view.senders} />
      {content && <ContentView content={content} />}
    </div>
  );
}
