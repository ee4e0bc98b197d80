export default function ReportNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-bold">No such report</h1>
      <p>This report does not exist. It may have been deleted by the person who created it, or the link was cut short when it was copied.</p>
      <p><a className="underline" href="/">Run a new check</a></p>
    </div>
  );
}
