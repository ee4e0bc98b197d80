/**
 * Placeholder contract for personal test addresses (t-<token>@MXRAY_MAIL_DOMAIN); lib/inbound owns
 * the real implementation.
 */
export interface TestAddressStatus {
  token: string;
  address: string;
  state: 'waiting' | 'received' | 'expired';
  reportId?: string;
  receivedAt?: Date;
  count: number;
  domain?: string;
}

export async function createTestAddress(_opts: { domain?: string } = {}): Promise<TestAddressStatus> {
  throw new Error('not implemented yet');
}

export async function getTestAddress(_token: string): Promise<TestAddressStatus | null> {
  return null;
}
