// The bus of a server that runs alone (the embedded database, or one instance): there is nobody to tell.
import type { ClusterBus } from './cluster-bus.ts';

export class LocalClusterBus implements ClusterBus {
  publish(): void {}
  publishAccessChange(): void {}
  publishAwareness(): void {}
  publishDocsOpen(): void {}
  subscribe(): () => void {
    return () => {};
  }
  async close(): Promise<void> {}
}
