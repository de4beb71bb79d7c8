// Worker threads do not inherit tsx's loader from the main thread: this plain-JS entry loads the
// TypeScript worker through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./latency-worker.ts', import.meta.url);
