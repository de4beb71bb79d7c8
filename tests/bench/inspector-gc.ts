// Forces a full garbage collection in another Node process through its inspector (started with
// --inspect=127.0.0.1:0), so RSS read afterwards counts live memory rather than garbage that a
// collection just has not reached yet — the same treatment for every server under test.
import WebSocket from 'ws';

/** The inspector's websocket URL from the process's output ("Debugger listening on ws://…"). */
export function inspectorUrl(output: string): string | null {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1] ?? null;
}

/** Runs a full GC and returns the JS heap in use afterwards, in bytes. */
export async function collectGarbage(url: string): Promise<number> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const call = <T>(method: string) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const onMessage = (data: Buffer) => {
        const reply = JSON.parse(data.toString()) as { id?: number; result?: T; error?: { message: string } };
        if (reply.id !== id) return;
        ws.off('message', onMessage);
        if (reply.error) reject(new Error(`inspector refused ${method}: ${reply.error.message}`));
        else resolve(reply.result as T);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method }));
    });
  try {
    // Twice: the first collection frees objects whose finalizers release more on the second.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    return (await call<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
  } finally {
    ws.close();
  }
}
