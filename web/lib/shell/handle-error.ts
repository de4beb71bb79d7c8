// The one way failures reach the user: a toast with a message that says what to do next.
import { ApiError } from '$lib/data/api-error.ts';
import { t } from '$lib/i18n/translate.ts';
import { toasts } from '$lib/ui/toasts.svelte.ts';

export function handleError(error: unknown): void {
  console.error(error);
  toasts.show('error', messageFor(error));
}

/** A message placed inside one of our sentences, without its own final full stop. */
const inSentence = (message: string) => message.trim().replace(/[.!]+$/, '');

function messageFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.isNetwork) return t('login.errorNetwork');
    return t('errors.unexpected', { message: inSentence(error.message) });
  }
  if (error instanceof Error) {
    // Dexie reports IndexedDB failures (quota, private mode, blocked upgrade) with these names.
    if (/^(QuotaExceededError|DatabaseClosedError|OpenFailedError|MissingAPIError|InvalidStateError)$/.test(error.name)) {
      return t('errors.storage', { message: inSentence(error.message) });
    }
    return t('errors.unexpected', { message: inSentence(error.message) });
  }
  return t('errors.unexpected', { message: inSentence(String(error)) });
}
