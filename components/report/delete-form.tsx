import { secondaryButtonClass } from '../forms/styles';

/** A plain form posting to the delete server action: works without JavaScript. */
export function DeleteForm({ id, action }: { id: string; action: (form: FormData) => Promise<void> }) {
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className={`${secondaryButtonClass} border-red-400 text-red-800 hover:bg-red-50 dark:border-red-700 dark:text-red-300 dark:hover:bg-red-950`}>
        Delete report
      </button>
    </form>
  );
}
