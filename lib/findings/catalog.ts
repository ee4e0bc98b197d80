import type { Catalog, FindingText } from './types';
import { generalFindings } from './general';
import { spfFindings } from './spf';
import { dkimFindings } from './dkim';
import { dmarcFindings } from './dmarc';
import { mxFindings } from './mx';
import { fcrdnsFindings } from './fcrdns';
import { dnsblFindings } from './dnsbl';
import { smtpFindings } from './smtp';
import { messageFindings } from './message';
import { policyFindings } from './policy';
import { dnssecFindings } from './dnssec';
import { daneFindings } from './dane';
import { contentFindings } from './content';

/** Every finding code → the words a user reads. Keyed by stable codes like "spf.too-many-lookups". */
export const catalog: Catalog = {
  ...generalFindings,
  ...spfFindings,
  ...dkimFindings,
  ...dmarcFindings,
  ...mxFindings,
  ...fcrdnsFindings,
  ...dnsblFindings,
  ...smtpFindings,
  ...messageFindings,
  ...policyFindings,
  ...dnssecFindings,
  ...daneFindings,
  ...contentFindings,
};

export function describeFinding(code: string): FindingText {
  return catalog[code] ?? { title: code, why: '' };
}
