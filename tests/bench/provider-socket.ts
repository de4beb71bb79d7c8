// What the y-websocket provider needs of a WebSocket class, for the stand-ins the benchmark passes as
// its `WebSocketPolyfill` (Hocuspocus framing, arrival stamps): the ready-state constants, the four
// handler properties and send/close.

export type Handler = ((event: any) => void) | null; // eslint-disable-line @typescript-eslint/no-explicit-any -- DOM event shapes the provider reads loosely

export interface ProviderSocket {
  binaryType: string;
  readonly readyState: number;
  onopen: Handler;
  onmessage: Handler;
  onclose: Handler;
  onerror: Handler;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export type ProviderSocketClass = new (url: string, protocols?: string | string[]) => ProviderSocket;

/** The constants and handler slots every stand-in has; subclasses wire them to a real socket. */
export abstract class ProviderSocketBase {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  onopen: Handler = null;
  onmessage: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;
}
