'use client';

import { useEffect, useState } from 'react';
import useSWR from 'swr';
import { secondaryButtonClass } from '../forms/styles';
import { CopyButton } from '../ui/copy-button';

interface AddressStatus {
  address: string;
  token: string;
  state: 'waiting' | 'received' | 'expired';
  reportId?: string;
}

async function getStatus(url: string): Promise<AddressStatus> {
  const res = await fetch(url);
  const body = (await res.json()) as AddressStatus & { error?: { message: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  return body;
}

/**
 * Create the personal test address, show it with a copy button, and poll until mail arrives. It
 * shows no state of its own: the step's state and sentence come from the checklist alone, which
 * this refreshes the moment mail arrives (two sources used to show "waiting" and "received" at once).
 */
export function TestAddressStep({ domain, token, address, onToken, onReceived }: { domain: string; token?: string; address?: string; onToken: (t: string) => void; onReceived: () => void }) {
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState('');
  const { data } = useSWR<AddressStatus>(token ? `/api/test-addresses/${encodeURIComponent(token)}` : null, getStatus, {
    refreshInterval: (d) => (d?.state === 'waiting' || !d ? 3000 : 0),
  });
  useEffect(() => {
    if (data?.state === 'received') onReceived();
  }, [data?.state, onReceived]);

  async function create() {
    setCreating(true);
    setCreateError('');
    try {
      const res = await fetch('/api/test-addresses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domain }) });
      const body = (await res.json()) as { token?: string; error?: { message: string } };
      if (!res.ok || !body.token) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      onToken(body.token);
    } catch (e) {
      setCreateError(`Could not create a test address: ${(e as Error).message}`);
    } finally {
      setCreating(false);
    }
  }

  const shown = data?.address ?? address;
  if (!token || data?.state === 'expired') {
    return (
      <div className="mt-3">
        <button type="button" onClick={create} disabled={creating} className={secondaryButtonClass}>{creating ? 'Creating…' : 'Create my test address'}</button>
        {createError && <p role="alert" className="mt-2 text-sm text-red-800 dark:text-red-300">{createError}</p>}
      </div>
    );
  }
  return (
    <div className="mt-3 space-y-1 text-sm">
      {shown && (
        <p className="flex flex-wrap items-center gap-2">
          Send a message to <span className="font-mono break-all" data-testid="test-address">{shown}</span>
          <CopyButton text={shown} label="Copy the test address" />
        </p>
      )}
    </div>
  );
}
