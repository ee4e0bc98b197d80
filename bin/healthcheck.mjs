// The container's HEALTHCHECK: exit 0 when GET /api/health answers 200 within 4 s, else 1.
const port = process.env.PORT || 3000;
fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(4000) }).then(
  (r) => process.exit(r.ok ? 0 : 1),
  () => process.exit(1),
);
