// The UI language: German by default, English on request; remembered per device in localStorage.
export const locales = ['de', 'en'] as const;
export type Locale = (typeof locales)[number];

/** Intl locale per UI language: German formats for German, British (day-month, 24 h) for English. */
export const intlLocale: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

const STORAGE_KEY = 'workmate.locale';

function storedLocale(): Locale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'de';
  } catch {
    return 'de';
  }
}

class LocaleState {
  current = $state<Locale>(storedLocale());

  set(locale: Locale): void {
    this.current = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Storage blocked: the choice lasts for this page load.
    }
    document.documentElement.lang = locale;
  }
}

export const locale = new LocaleState();
