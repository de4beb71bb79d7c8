// English messages for My account. Typed against the German ones.
import type { Translation } from './catalogue.ts';
import type { accountDe } from './account.de.ts';

export const accountEn = {
} satisfies Translation<typeof accountDe>;
