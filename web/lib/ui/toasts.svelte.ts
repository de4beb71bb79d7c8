// Short notices at the edge of the screen — the one place the app shows errors and confirmations.
// Errors stay until dismissed; everything else fades after a few seconds.
export type ToastKind = 'info' | 'success' | 'error';
export type ToastAction = { label: string; run: () => void };
export type Toast = { id: number; kind: ToastKind; message: string; action?: ToastAction };

const AUTO_DISMISS_MS = 5000;

class Toasts {
  items = $state<Toast[]>([]);
  #nextId = 1;

  show(kind: ToastKind, message: string, action?: ToastAction): number {
    // The same message twice in a row (e.g. a repeated failure) shows once.
    const existing = this.items.find((toast) => toast.kind === kind && toast.message === message);
    if (existing) return existing.id;
    const id = this.#nextId++;
    this.items.push({ id, kind, message, action });
    if (kind !== 'error') setTimeout(() => this.dismiss(id), AUTO_DISMISS_MS);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new Toasts();
