// When a frame reached a latency client, as opposed to when the client got round to applying it.
//
// One client thread holds dozens of replicas. When an edit is relayed, all of their sockets become
// readable at once, and Node handles them one after the other: with the provider applying each frame
// as it is read, the last replica's frame waits for every other replica's Yjs apply and observers —
// a queue inside the benchmark that every server pays alike and that hid their differences (issue 5).
// This socket stand-in stamps each frame as it is read and hands it to the provider in the next
// check phase (setImmediate keeps the order), so all frames of one poll phase are stamped before any
// is applied. The latency observers read the stamp of the frame being applied from the thread's clock.
import { clockMs } from './latency-edits.ts';
import { ProviderSocketBase, type ProviderSocket, type ProviderSocketClass } from './provider-socket.ts';

/** Per thread: the receive time of the frame the provider is applying right now (NaN outside of one). */
export class ArrivalClock {
  receivedAt = Number.NaN;
}

export function arrivalStampingSocketClass(Inner: ProviderSocketClass, clock: ArrivalClock): ProviderSocketClass {
  return class ArrivalStampingSocket extends ProviderSocketBase implements ProviderSocket {
    private readonly inner: ProviderSocket;

    constructor(url: string, protocols?: string | string[]) {
      super();
      this.inner = new Inner(url, protocols);
      this.inner.onopen = (event) => this.onopen?.(event);
      this.inner.onclose = (event) => this.onclose?.(event);
      this.inner.onerror = (event) => this.onerror?.(event);
      this.inner.onmessage = (event) => {
        const receivedAt = clockMs();
        setImmediate(() => {
          clock.receivedAt = receivedAt;
          try {
            this.onmessage?.(event);
          } finally {
            clock.receivedAt = Number.NaN;
          }
        });
      };
    }

    get binaryType(): string {
      return this.inner.binaryType;
    }

    set binaryType(type: string) {
      this.inner.binaryType = type;
    }

    get readyState(): number {
      return this.inner.readyState;
    }

    send(data: Uint8Array): void {
      this.inner.send(data);
    }

    close(code?: number, reason?: string): void {
      this.inner.close(code, reason);
    }
  };
}
