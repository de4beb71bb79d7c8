import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { ArrivalClock, arrivalStampingSocketClass } from './arrival-stamps.ts';
import { clockMs } from './latency-edits.ts';

describe('arrival-stamping socket', () => {
  let server: WebSocketServer | null = null;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('stamps every frame of a burst as it is read, then hands them over in order with their stamps', async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => server!.once('listening', r));
    server.on('connection', (ws, req) => {
      // One write for all five, so they reach the client in one read, like a relay burst.
      req.socket.cork();
      for (let i = 0; i < 5; i++) ws.send(new Uint8Array([i]));
      process.nextTick(() => req.socket.uncork());
    });
    const clock = new ArrivalClock();
    const Socket = arrivalStampingSocketClass(WebSocket as never, clock);
    const socket = new Socket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
    socket.binaryType = 'arraybuffer';

    const handed: Array<{ frame: number; stampedAt: number; handedAt: number }> = [];
    await new Promise<void>((resolve) => {
      socket.onmessage = (event: { data: ArrayBuffer }) => {
        // Busy for a while, as a replica applying an update would be.
        const until = clockMs() + 2;
        while (clockMs() < until);
        handed.push({ frame: new Uint8Array(event.data)[0]!, stampedAt: clock.receivedAt, handedAt: clockMs() });
        if (handed.length === 5) resolve();
      };
    });
    socket.close();

    expect(handed.map((h) => h.frame)).toEqual([0, 1, 2, 3, 4]);
    for (const h of handed) expect(h.stampedAt).toBeLessThanOrEqual(h.handedAt);
    // The busy handler did not delay the stamps of the frames read with it.
    const readTogether = handed.filter((h) => h.stampedAt < handed[0]!.handedAt);
    expect(readTogether.length).toBeGreaterThan(1);
    expect(Number.isNaN(clock.receivedAt)).toBe(true);
  });
});
