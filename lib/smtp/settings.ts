/** Probe settings from the environment (documented in the README configuration table). */

/** MXRAY_PROBE_TIMEOUT_MS: deadline for each probe step (connect, each reply, TLS handshake). */
export function probeTimeoutMs(): number {
  const raw = process.env.MXRAY_PROBE_TIMEOUT_MS;
  if (raw === undefined || raw === '') return 8000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 50 || n > 120_000) throw new Error(`MXRAY_PROBE_TIMEOUT_MS must be a number between 50 and 120000 (got "${raw}")`);
  return Math.round(n);
}

/** MXRAY_SMTP_PROBE_PORT: the port probes connect to (25; tests use a loopback port). */
export function smtpProbePort(): number {
  const raw = process.env.MXRAY_SMTP_PROBE_PORT;
  if (raw === undefined || raw === '') return 25;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`MXRAY_SMTP_PROBE_PORT must be a port number (got "${raw}")`);
  return n;
}
