'use client';

import { useState } from 'react';

/** Copies `text` to the clipboard; the label says what it copies for screen readers. */
export function CopyButton({ text, label = 'Copy', className = '' }: { text: string; label?: string; className?: string }) {
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setDone('copied');
    } catch {
      setDone('failed');
    }
    setTimeout(() => setDone('idle'), 2000);
  }
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={label}
      className={`no-print inline-flex min-w-16 justify-center rounded border border-slate-300 px-2 py-0.5 text-xs font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:hover:bg-slate-800 ${className}`}
    >
      <span aria-live="polite">{done === 'copied' ? 'Copied' : done === 'failed' ? 'Select & copy' : 'Copy'}</span>
    </button>
  );
}
