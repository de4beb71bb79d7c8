// Label, icon and tone of each sync state, shared by the indicator and the dashboard tile.
import type { SyncState } from '$lib/data/sync-status.svelte.ts';
import type { MessageKey } from '$lib/i18n/translate.ts';
import type { IconName } from '$lib/ui/icons.ts';

export const syncPresentation: Record<SyncState, { label: MessageKey; icon: IconName; tone: 'success' | 'info' | 'neutral' | 'warning' | 'danger' }> = {
  online: { label: 'sync.online', icon: 'cloudCheck', tone: 'success' },
  syncing: { label: 'sync.syncing', icon: 'refresh', tone: 'info' },
  offline: { label: 'sync.offline', icon: 'cloudOff', tone: 'neutral' },
  expired: { label: 'sync.expired', icon: 'lock', tone: 'warning' },
  error: { label: 'sync.error', icon: 'alert', tone: 'danger' },
};
