import type { CheckResult } from '@/lib/checks/types';

/** Pictures for checks whose data has a shape worth drawing (the SPF include tree, ...). */
export function CheckData({ check }: { check: CheckResult }) {
  void check;
  return null;
}
