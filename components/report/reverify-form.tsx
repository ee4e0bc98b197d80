import { secondaryButtonClass } from '../forms/styles';

/** A plain form posting to the re-verify server action: works without JavaScript. */
export function ReverifyForm({ id, action }: { id: string; action: (form: FormData) => Promise<void> }) {
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className={secondaryButtonClass} title="Check this same message again against the DNS records as they are now">
        Verify again with today&apos;s DNS
      </button>
    </form>
  );
}
