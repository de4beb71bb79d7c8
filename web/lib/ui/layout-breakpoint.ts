// The one breakpoint between phone and desktop layouts (CSS uses the same 768px in @media rules).
import { MediaQuery } from 'svelte/reactivity';

export const PHONE_MAX_WIDTH = 768;

/** True while the viewport is phone-sized; reactive. */
export const phoneLayout = new MediaQuery(`max-width: ${PHONE_MAX_WIDTH}px`, false);
