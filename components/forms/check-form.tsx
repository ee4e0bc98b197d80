import { buttonClass, inputClass } from './styles';

/** The domain check form: a plain GET to /check, so it works without JavaScript. */
export function CheckForm({ domain = '', ip = '', selectors = '', error }: { domain?: string; ip?: string; selectors?: string; error?: string }) {
  return (
    <form method="get" action="/check" className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end" aria-describedby={error ? 'check-error' : undefined}>
      <label className="grid gap-1 text-sm">
        <span>Domain</span>
        <input name="domain" defaultValue={domain} required maxLength={300} placeholder="example.com" autoComplete="off" spellCheck={false} className={inputClass} />
      </label>
      <label className="grid gap-1 text-sm">
        <span>Server IP (optional)</span>
        <input name="ip" defaultValue={ip} maxLength={100} placeholder="203.0.113.7" autoComplete="off" spellCheck={false} className={inputClass} />
      </label>
      <label className="grid gap-1 text-sm">
        <span>DKIM selectors (optional)</span>
        <input name="selectors" defaultValue={selectors} maxLength={500} placeholder="mail" autoComplete="off" spellCheck={false} className={inputClass} />
      </label>
      <button type="submit" className={buttonClass}>Check</button>
      {error && <p id="check-error" role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900 sm:col-span-4 dark:border-red-800 dark:bg-red-950 dark:text-red-200">{error}</p>}
    </form>
  );
}
