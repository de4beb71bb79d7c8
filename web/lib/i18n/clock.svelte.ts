// The current time as reactive state, for "vor 2 Minuten"-style texts and the greeting. Ticks only
// while something on screen reads it.
import { createSubscriber } from 'svelte/reactivity';

const TICK_MS = 15_000;

class Clock {
  readonly #subscribe = createSubscriber((update) => {
    const timer = setInterval(update, TICK_MS);
    return () => clearInterval(timer);
  });

  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}

export const clock = new Clock();
