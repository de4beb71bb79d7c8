// Holds a doc open for as long as the component that created it is mounted and `allowed()` is true
// (create it during component initialisation). `handle` is null while loading or not allowed.
import { openDoc, type DocHandle } from './doc-registry.ts';

export class HeldDoc {
  handle = $state.raw<DocHandle | null>(null);
  error = $state.raw<Error | null>(null);

  constructor(name: string, allowed: () => boolean) {
    $effect(() => {
      if (!allowed()) return;
      let handle: DocHandle | null = null;
      let active = true;
      openDoc(name).then(
        (opened) => {
          if (!active) return opened.release();
          handle = opened;
          this.handle = opened;
          this.error = null;
        },
        (error: unknown) => {
          if (active) this.error = error instanceof Error ? error : new Error(String(error));
        },
      );
      return () => {
        active = false;
        handle?.release();
        this.handle = null;
      };
    });
  }
}
