// `t(key, params)`: the UI text for the current language. Reading it inside a template or effect
// re-renders on a language switch, because it reads the locale rune.
import { de } from './messages/de.ts';
import { en } from './messages/en.ts';
import type { Catalogue, Message, MessageKey } from './messages/catalogue.ts';
import { intlLocale, locale, type Locale } from './locale.svelte.ts';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

const catalogues: Record<Locale, Catalogue> = { de, en };
const pluralRules = new Map<Locale, Intl.PluralRules>();

function pluralOf(lang: Locale, count: number): 'one' | 'other' {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(intlLocale[lang])));
  return rules.select(count) === 'one' ? 'one' : 'other';
}

export function t(key: MessageKey, params: MessageParams = {}): string {
  const lang = locale.current;
  const message: Message = catalogues[lang][key];
  const text = typeof message === 'string' ? message : message[pluralOf(lang, Number(params.count ?? 0))];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(intlLocale[lang]).format(value) : value;
  });
}
