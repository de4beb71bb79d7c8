// The shape every catalogue has: the German keys, each a text or a plural pair.
import type { de } from './de.ts';

export type MessageKey = keyof typeof de;
export type PluralMessage = { one: string; other: string };
export type Message = string | PluralMessage;
export type Catalogue = { [K in MessageKey]: (typeof de)[K] extends string ? string : PluralMessage };

/** The English (or any other) version of an area's German messages: same keys, same plural shapes. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : PluralMessage };
