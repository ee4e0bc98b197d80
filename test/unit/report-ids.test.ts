import { describe, expect, it } from 'vitest';
import { REPORT_ID_PATTERN, hashToken, newOwnerToken, newReportId, tokenMatches } from '@/lib/report/ids';

describe('report ids', () => {
  it('are 32 base64url characters, all different, across many refills of the entropy pool', () => {
    const ids = Array.from({ length: 5000 }, () => newReportId());
    for (const id of ids) expect(id).toMatch(REPORT_ID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carry 192 bits: every one of the 64 base64url characters shows up in every position', () => {
    // A pool that handed out a fixed or short-cycled slice would leave positions constant.
    const ids = Array.from({ length: 4000 }, () => newReportId());
    for (let pos = 0; pos < 32; pos++) {
      const seen = new Set(ids.map((id) => id[pos]));
      expect(seen.size).toBe(64);
    }
  });

  it('owner tokens check against their hash only', () => {
    const token = newOwnerToken();
    expect(tokenMatches(token, hashToken(token))).toBe(true);
    expect(tokenMatches(newOwnerToken(), hashToken(token))).toBe(false);
    expect(tokenMatches(token, null)).toBe(false);
  });
});
