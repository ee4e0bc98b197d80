export default function NotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p><a className="underline" href="/">Back to the start</a></p>
    </div>
  );
}
