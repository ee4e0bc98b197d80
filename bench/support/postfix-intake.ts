/**
 * A peer baseline for the SMTP benchmark: Postfix's own durable intake. A temporary Postfix instance
 * (its own config_directory, queue_directory and data_directory under a temp dir; the system's
 * /etc/postfix is neither read nor changed) runs smtpd → cleanup → queue file (cleanup fsyncs it
 * before smtpd answers 250) and relays every message to the `discard` transport. It listens on
 * 127.0.0.1 only. Postfix needs root to start; without postfix or root the row is skipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './proc';

const POSTFIX = '/usr/sbin/postfix';
export const INTAKE_DOMAIN = 'intake.bench.example';

export interface PostfixIntake {
  port: number;
  /** CPU time (user + system, ms) of the master and all its processes so far, exited ones included. */
  cpuMs(): number | undefined;
  /** Messages the discard transport has taken (status=sent in the instance's log). */
  delivered(): number;
  stop(): Promise<void>;
}

/** Why the row cannot run here, or undefined when it can. */
export function postfixIntakeUnavailable(): string | undefined {
  if (!fs.existsSync(POSTFIX)) return `${POSTFIX} is not installed (Debian: apt-get install postfix)`;
  if (typeof process.geteuid === 'function' && process.geteuid() !== 0) return 'starting a Postfix instance needs root';
  return undefined;
}

// Only the services this path uses; chroot off so nothing has to be copied into the queue directory.
const MASTER_CF = (port: number) => `127.0.0.1:${port} inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n -  0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n -  - trivial-rewrite
bounce    unix  - - n -  0 bounce
defer     unix  - - n -  0 bounce
trace     unix  - - n -  0 bounce
verify    unix  - - n -  1 verify
flush     unix  n - n 1000 0 flush
proxymap  unix  - - n -  - proxymap
showq     unix  n - n -  - showq
error     unix  - - n -  - error
retry     unix  - - n -  - error
discard   unix  - - n -  - discard
anvil     unix  - - n -  1 anvil
scache    unix  - - n -  1 scache
postlog   unix-dgram n - n - 1 postlogd
`;

const MAIN_CF = (dir: string) => `compatibility_level = 3.6
config_directory = ${dir}/etc
queue_directory = ${dir}/queue
data_directory = ${dir}/data
syslog_name = postfix-bench
maillog_file = ${dir}/maillog
maillog_file_prefixes = ${dir}
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = ${INTAKE_DOMAIN}
mydestination =
relay_domains = ${INTAKE_DOMAIN}
transport_maps = inline:{${INTAKE_DOMAIN}=discard:}
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
smtpd_banner = $myhostname ESMTP
`;

function procCpu(pid: number, withChildren: boolean): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime: fields 14–17 of stat(5), in clock ticks (100 per second).
    const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    return ticks * 10;
  } catch {
    return undefined;
  }
}

export async function startPostfixIntake(port: number): Promise<PostfixIntake> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mxray-bench-postfix-'));
  // Postfix's daemons run as the postfix user and must reach the queue directory.
  fs.chmodSync(dir, 0o755);
  for (const d of ['etc', 'queue', 'data']) fs.mkdirSync(path.join(dir, d));
  fs.writeFileSync(path.join(dir, 'etc', 'main.cf'), MAIN_CF(dir));
  fs.writeFileSync(path.join(dir, 'etc', 'master.cf'), MASTER_CF(port));
  await run('/usr/bin/chown', ['postfix:postfix', path.join(dir, 'data')]);
  const conf = path.join(dir, 'etc');
  const log = path.join(dir, 'maillog');
  const readLog = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '');
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  // `postfix check` creates the queue's subdirectories with the right owners.
  const check = await run(POSTFIX, ['-c', conf, 'check']);
  const start = check.code === 0 ? await run(POSTFIX, ['-c', conf, 'start']) : check;
  if (start.code !== 0) {
    const why = `${start.stderr}${readLog()}`.slice(-800);
    await run(POSTFIX, ['-c', conf, 'stop']);
    cleanup();
    throw new Error(`postfix -c ${conf} start failed: ${why}`);
  }
  const masterPid = (): number | undefined => {
    try {
      return Number(fs.readFileSync(path.join(dir, 'queue', 'pid', 'master.pid'), 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  };
  return {
    port,
    cpuMs() {
      const pid = masterPid();
      if (!pid) return undefined;
      // The master's own time plus its exited children's (cutime/cstime), plus its live children's.
      let total = procCpu(pid, true);
      if (total === undefined) return undefined;
      try {
        const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
        for (const k of kids) total += procCpu(Number(k), true) ?? 0;
      } catch {
        return undefined;
      }
      return total;
    },
    delivered: () => (readLog().match(/ status=sent /g) ?? []).length,
    async stop() {
      await run(POSTFIX, ['-c', conf, 'stop']);
      cleanup();
    },
  };
}
