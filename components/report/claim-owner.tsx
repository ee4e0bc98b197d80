'use client';

import { useEffect } from 'react';

/** Once the streamed report is stored, keep delete rights in this browser (HttpOnly cookie set by a server action). */
export function ClaimOwner({ id, token, claim }: { id: string; token: string; claim: (id: string, token: string) => Promise<void> }) {
  useEffect(() => {
    claim(id, token).catch(() => {});
  }, [id, token, claim]);
  return null;
}
