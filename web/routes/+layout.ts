// The app is a client-rendered SPA: every screen renders from the device's local data. Without a
// cached user every route except the public ones (sign-in, setting a password through a link) leads to
// the sign-in page.
import { redirect } from '@sveltejs/kit';
import { session } from '$lib/data/session.svelte.ts';
import { publicPaths } from '$lib/shell/public-paths.ts';
import type { LayoutLoad } from './$types';

export const ssr = false;
export const prerender = false;

export const load: LayoutLoad = async ({ url }) => {
  await session.restore();
  if (!session.user && !publicPaths.has(url.pathname)) {
    const next = url.pathname === '/' ? '' : `?next=${encodeURIComponent(url.pathname + url.search)}`;
    redirect(307, `/login${next}`);
  }
  return {};
};
