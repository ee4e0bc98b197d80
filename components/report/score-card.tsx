import type { Score } from '@/lib/report/scoring';

function tone(value: number): string {
  if (value >= 9) return 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-100';
  if (value >= 6) return 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100';
  return 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100';
}

/** "7.5 / 10" and what cost the points, worst first: the to-do list. */
export function ScoreCard({ score }: { score: Score }) {
  return (
    <section aria-labelledby="score-title" className={`flex flex-col gap-3 rounded-lg border p-4 sm:flex-row sm:items-start ${tone(score.value)}`} data-testid="score-card">
      <div className="shrink-0 text-center sm:w-28">
        <h2 id="score-title" className="text-sm font-medium">Score</h2>
        <p className="text-4xl font-bold tabular-nums" aria-label={`${score.value} out of ${score.max}`}>{score.value}<span className="text-lg font-medium"> / {score.max}</span></p>
      </div>
      {score.lines.length === 0 ? (
        <p className="text-sm sm:pt-6">Nothing costs points: every requirement mxray could test is met.</p>
      ) : (
        <ol className="min-w-0 flex-1 space-y-1 text-sm" aria-label="What costs points">
          {score.lines.map((l) => (
            <li key={`${l.group}-${l.code}`} className="flex gap-2">
              <span className="w-12 shrink-0 text-right font-mono font-semibold tabular-nums">−{l.points}</span>
              <span className="min-w-0 break-words">{l.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
