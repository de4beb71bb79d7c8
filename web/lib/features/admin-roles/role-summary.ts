// The one-line summary of what a role grants, for the roles list: "Alle Rechte", "Keine Rechte" or the
// areas it reaches, limited ones marked ("Zeiterfassung (eigene)"), the first few by name.
import { intlLocale, locale } from '$lib/i18n/locale.svelte.ts';
import { t } from '$lib/i18n/translate.ts';
import { grantedAreas, grantsToState, type GrantedArea } from './grant-editor.ts';
import { areaLabels } from './permission-labels.ts';

const AREAS_NAMED = 4;

function areaText({ area, limitedTo }: GrantedArea): string {
  const name = t(areaLabels[area]!.label);
  if (!limitedTo) return name;
  if (limitedTo.length === 2) return t('roles.summaryOwnAndDepartment', { area: name });
  return t(limitedTo[0] === 'own' ? 'roles.summaryOwn' : 'roles.summaryDepartment', { area: name });
}

export function roleSummary(permissions: readonly string[]): string {
  const state = grantsToState(permissions);
  if (state.everything) return t('roles.everything');
  const parts = grantedAreas(state).map(areaText);
  if (state.other.length > 0) parts.push(t('roles.summaryOther', { count: state.other.length }));
  if (parts.length === 0) return t('roles.nothing');
  const list = new Intl.ListFormat(intlLocale[locale.current], { type: 'conjunction' });
  if (parts.length <= AREAS_NAMED + 1) return list.format(parts);
  return t('roles.summaryMore', { list: parts.slice(0, AREAS_NAMED).join(', '), count: parts.length - AREAS_NAMED });
}
