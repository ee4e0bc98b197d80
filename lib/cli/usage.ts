/**
 * One line per command, kept apart from the commands so `mxray --help` prints them without loading
 * any command's dependencies (mailauth, the DNS stack, …): that load is most of a cold start.
 */
export const USAGE = {
  check: 'mxray check <domain> [--ip <addr>] [--selector <s>]... [--helo <name>] [--sender <addr>] [--probe] [--one-to-one] [--json]',
  spf: 'mxray spf <domain> [--ip <addr>] [--sender <addr>] [--helo <name>] [--json]   (no <domain> with --ip: MAIL FROM\'s domain, or the HELO name for a null sender)',
  dnsbl: 'mxray dnsbl <ip-or-domain> [--json]   (127.0.0.2 is the RFC 5782 self-test: every list must list it)',
  'smtp-probe': 'mxray smtp-probe [host[:port]] [--port <n>] [--timeout <ms>] [--json]   (no host: test outbound port 25 to big receivers)',
  analyze: 'mxray analyze <file|-> [--one-to-one] [--content] [--json]   (a raw message, headers only, or Gmail "Show original" text)',
} as const;

export type CommandName = keyof typeof USAGE;
