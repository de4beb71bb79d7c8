// Builds the PWA: SvelteKit plus a Workbox service worker that precaches the app shell.
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';
import { precompress } from './scripts/precompress.ts';

export default defineConfig({
  plugins: [
    sveltekit(),
    SvelteKitPWA({
      registerType: 'prompt',
      // Kit builds with a relative Vite base ('./'); the worker must still be registered as /sw.js with
      // scope / — relative to a deep link like /employees/<id> it would resolve to a page, not the worker.
      base: '/',
      scope: '/',
      kit: { adapterFallback: 'index.html', spa: { fallbackMapping: '/' } },
      manifest: {
        name: 'Workmate OS',
        short_name: 'Workmate',
        description: 'Kunden, Rechnungen, Zeiten, Personal und Team-Kalender – auch offline.',
        lang: 'de',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f7f9',
        theme_color: '#1f4e8c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Control the page on the very first visit, so the app works offline without a reload first.
        // Updates still wait for the user ("prompt"): a new worker only takes over after "Neu laden".
        clientsClaim: true,
        navigateFallback: '/',
        navigateFallbackDenylist: [/^\/api\//, /^\/sync\//, /^\/healthz/],
        globPatterns: ['**/*.{js,css,html,ico,png,svg,webmanifest,woff2}'],
      },
    }),
    // .br/.gz beside the adapter's output (svelte.config.js: pages/assets 'build'), after the service worker
    // was generated — so they never enter its precache list, whose revisions are of the uncompressed files.
    precompress({ dir: 'build' }),
  ],
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
      '/sync': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
