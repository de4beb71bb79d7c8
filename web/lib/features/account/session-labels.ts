// A session's device in words for the current language ("Chrome auf Windows") and the icon for it.
import { t } from '$lib/i18n/translate.ts';
import type { IconName } from '$lib/ui/icons.ts';
import { parseUserAgent } from './user-agent.ts';

export function deviceLabel(userAgent: string): string {
  const { browser, system } = parseUserAgent(userAgent);
  if (browser && system) return t('account.deviceOn', { browser, system });
  if (browser) return browser;
  if (system) return t('account.deviceSystemOnly', { system });
  return t('account.deviceUnknown');
}

export function deviceIcon(userAgent: string): IconName {
  return parseUserAgent(userAgent).device === 'desktop' ? 'monitor' : 'smartphone';
}
