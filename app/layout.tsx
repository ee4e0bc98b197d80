import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'mxray — email deliverability diagnostics', template: '%s · mxray' },
  description: 'Check SPF, DKIM, DMARC, MX, reverse DNS and blocklists for your sending domain and server, and analyse real messages.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <header className="no-print border-b border-slate-200 dark:border-slate-800">
          <nav className="mx-auto flex max-w-5xl items-center gap-6 px-4 py-3 text-sm" aria-label="Main">
            <a href="/" className="font-semibold tracking-tight">mxray</a>
            <a href="/" className="hover:underline">Check a domain</a>
          </nav>
        </header>
        <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
      </body>
    </html>
  );
}
