import type { MtaStsData } from '@/lib/checks/mta-sts';
import type { SpfData } from '@/lib/checks/spf';
import type { CheckResult } from '@/lib/checks/types';
import { DaneTable, DnssecTable, isDaneData, isDnssecData } from './dnssec-table';
import { MtaStsPolicyFile } from './mta-sts-policy';
import { SpfTree } from './spf-tree';

function isSpfData(d: unknown): d is SpfData {
  return !!d && typeof d === 'object' && 'tree' in d && 'lookups' in d;
}

function isMtaStsData(d: unknown): d is MtaStsData {
  return !!d && typeof d === 'object' && 'policyUrl' in d && 'mx' in d;
}

/** Pictures for checks whose data has a shape worth drawing. */
export function CheckData({ check }: { check: CheckResult }) {
  if (check.id === 'spf' && isSpfData(check.data)) return <SpfTree data={check.data} />;
  if (check.id === 'dnssec' && isDnssecData(check.data)) return <DnssecTable data={check.data} />;
  if (check.id === 'dane' && isDaneData(check.data)) return <DaneTable data={check.data} />;
  if (check.id === 'mta-sts' && isMtaStsData(check.data)) return <MtaStsPolicyFile data={check.data} />;
  return null;
}
