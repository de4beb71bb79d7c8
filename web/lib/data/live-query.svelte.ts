// A Dexie query as reactive state: re-runs whenever the tables it reads change (in this tab or another),
// and only while something on screen reads it.
import { liveQuery } from 'dexie';
import { createSubscriber } from 'svelte/reactivity';

export class LiveQuery<T> {
  #value = $state.raw<T>() as T;
  #loaded = $state(false);
  #error = $state.raw<Error | null>(null);
  readonly #subscribe: () => void;

  constructor(query: () => Promise<T>, initial: T) {
    this.#value = initial;
    this.#subscribe = createSubscriber(() => {
      const subscription = liveQuery(query).subscribe({
        next: (value) => {
          this.#value = value;
          this.#loaded = true;
          this.#error = null;
        },
        error: (error: Error) => {
          this.#error = error;
          this.#loaded = true;
        },
      });
      return () => subscription.unsubscribe();
    });
  }

  get current(): T {
    this.#subscribe();
    return this.#value;
  }

  /** True once the first result (or error) arrived. */
  get loaded(): boolean {
    this.#subscribe();
    return this.#loaded;
  }

  get error(): Error | null {
    this.#subscribe();
    return this.#error;
  }
}
