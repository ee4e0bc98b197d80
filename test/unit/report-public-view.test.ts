import { describe, expect, it } from 'vitest';
import { HIDDEN_TOKEN, publicPayload } from '@/lib/report/public-view';

const token = 'abcdefghijklmnopqrstuvwxyz';

describe('what a report link shows', () => {
  it('masks the test-address token in the token field, the envelope and the message, in any case', () => {
    const stored = {
      token,
      envelope: { rcptTo: [`t-${token}@mxray.test`] },
      headers: `To: T-${token.toUpperCase()}@MXRAY.TEST\r\nReceived: from x by mxray for <t-${token}@mxray.test>`,
      analysis: { note: `mentions ${token} bare` },
    };
    const shown = JSON.stringify(publicPayload(stored));
    expect(shown).not.toMatch(new RegExp(token, 'i'));
    expect(shown).toContain(`${HIDDEN_TOKEN}@mxray.test`);
    expect(publicPayload(stored)).not.toHaveProperty('token');
  });

  it('masks an address in a pasted message, where no token field says which token to look for', () => {
    const paste = { kind: 'analysis', headers: `To: t-${token}@mxray.example` };
    expect(publicPayload(paste).headers).toBe(`To: ${HIDDEN_TOKEN}@mxray.example`);
  });

  it('leaves a report without tokens as it was', () => {
    const p = { kind: 'check', domain: 'example.com', checks: [{ id: 'spf', status: 'pass' }] };
    expect(publicPayload(p)).toEqual(p);
  });
});
