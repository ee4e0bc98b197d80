'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="space-y-2" role="alert">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p>The error was logged on the server. You can try again.</p>
      <button type="button" className="underline" onClick={reset}>Try again</button>
    </div>
  );
}
