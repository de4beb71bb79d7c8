// The app is a client-rendered SPA: every screen renders from the device's local data.
export const ssr = false;
export const prerender = false;
