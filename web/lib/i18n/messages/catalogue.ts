// The shape every catalogue has: the German keys, each a text or a plural pair.
import type { de } from './de.ts';

export type MessageKey = keyof typeof de;
export type PluralMessage = { one: string; other: string };
export type Message = string | PluralMessage;
export type Catalogue = { [K in MessageKey]: (typeof de)[K] extends string ? string : PluralMessage };
