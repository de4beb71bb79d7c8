// The app is a client-rendered SPA: every screen renders from the device's local data. Without a
// cached user every route except /login leads to the sign-in page.
import { redirect } from '@sveltejs/kit';
import { session } from '$lib/data/session.svelte.ts';
import type { LayoutLoad } from './$types';

export const ssr = false;
export const prerender = false;

export const load: LayoutLoad = async ({ url }) => {
  await session.restore();
  if (!session.user && url.pathname !== '/login') {
    const next = url.pathname === '/' ? '' : `?next=${encodeURIComponent(url.pathname + url.search)}`;
    redirect(307, `/login${next}`);
  }
  return {};
};
