// One copy of each string that many open sockets hold, as long as any of them holds it. Equal strings
// read from different Postgres rows are different strings in memory: without this, every socket of a
// session keeps its own copy of the user id and the session hash (~140 bytes per idle socket; a tab
// keeps up to 16 sockets open on one session).
export class SharedStrings {
  private readonly entries = new Map<string, { value: string; holders: number }>();

  /** The shared copy of `value`; pair every call with one release(). */
  share(value: string): string {
    const entry = this.entries.get(value);
    if (entry) {
      entry.holders++;
      return entry.value;
    }
    this.entries.set(value, { value, holders: 1 });
    return value;
  }

  release(value: string): void {
    const entry = this.entries.get(value);
    if (entry && --entry.holders === 0) this.entries.delete(value);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The user id, name and session hash of open sync sockets. */
export const socketStrings = new SharedStrings();
