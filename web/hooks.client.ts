// Runs once when the app starts in the browser, before any screen.
import { z } from 'zod';

// zod probes for `new Function` to compile fast parsers; our Content-Security-Policy forbids eval, and
// the probe would be reported as a violation. The interpreted parsers are fast enough for our forms.
z.config({ jitless: true });
