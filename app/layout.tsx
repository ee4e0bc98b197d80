import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'mxray — email deliverability diagnostics', template: '%s · mxray' },
  description: 'Check SPF, DKIM, DMARC, MX, reverse DNS and blocklists for your sending domain and server, and analyse real messages.',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#020617' },
  ],
};

const navLink = 'rounded px-1 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600';

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: Next puts the CSP nonce (proxy.ts) only on scripts it renders then.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a href="#main" className="sr-only rounded bg-sky-700 px-3 py-2 text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50">Skip to content</a>
        <header className="no-print border-b border-slate-200 dark:border-slate-800">
          <nav className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-3 text-sm" aria-label="Main">
            <a href="/" className={`font-semibold tracking-tight ${navLink}`}>mxray</a>
            <a href="/" className={navLink}>Check a domain</a>
            <a href="/analyze" className={navLink}>Analyse a message</a>
            <a href="/setup" className={navLink}>Setup checklist</a>
          </nav>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 focus:outline-none">{children}</main>
        <footer className="no-print mx-auto max-w-5xl px-4 pb-8 text-xs text-slate-600 dark:text-slate-400">
          mxray runs on your own server; reports stay in its database until they expire or you delete them.
        </footer>
      </body>
    </html>
  );
}
