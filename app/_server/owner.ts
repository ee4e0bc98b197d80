import 'server-only';
import { cookies, headers } from 'next/headers';
import { OWNER_COOKIE, ownerCookiePath } from '@/lib/api/owner-cookie';

/** Remember in this browser that it created report `id` (HttpOnly, only sent to /r/<id>). */
export async function setOwnerCookie(id: string, token: string): Promise<void> {
  const h = await headers();
  (await cookies()).set(OWNER_COOKIE, token, {
    path: ownerCookiePath(id),
    httpOnly: true,
    sameSite: 'strict',
    secure: h.get('x-forwarded-proto') === 'https',
    maxAge: 365 * 24 * 3600,
  });
}

/** The owner token this browser holds for the report page being rendered or posted to. */
export async function ownerTokenFromCookie(): Promise<string | undefined> {
  return (await cookies()).get(OWNER_COOKIE)?.value;
}

export async function clearOwnerCookie(id: string): Promise<void> {
  (await cookies()).set(OWNER_COOKIE, '', { path: ownerCookiePath(id), maxAge: 0, httpOnly: true, sameSite: 'strict' });
}
