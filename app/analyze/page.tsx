import type { Metadata } from 'next';
import { AnalyzeForm } from '@/components/forms/analyze-form';
import { analyzeAction } from './actions';

export const metadata: Metadata = { title: 'Analyse a message' };

export default function AnalyzePage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Analyse a message</h1>
        <p className="mt-1 text-slate-700 dark:text-slate-300">
          In Gmail open the message, choose <em>⋮ → Show original</em>, select all and paste it here. mxray shows what the receiver decided next to what it verifies itself, and the route the message took.
        </p>
      </div>
      <AnalyzeForm action={analyzeAction} />
    </div>
  );
}
