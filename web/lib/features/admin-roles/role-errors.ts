// What the roles screens say when the server refuses: the server's error codes in the UI language, with
// the field a problem belongs to. Anything unknown gets a generic message naming the code.
import { ApiError } from '$lib/data/api-error.ts';
import { t } from '$lib/i18n/translate.ts';
import { ROLE_DESCRIPTION_MAX, ROLE_NAME_MAX } from './role-rules.ts';

export type RoleFailure = {
  /** Shown as a toast (or in the dialog that caused it). */
  message: string;
  /** Problems to show at a field of the editor. */
  fields: { name?: string; description?: string };
  /** `role_in_use`: how many accounts still hold the role. */
  holders?: number;
};

export function describeRoleError(error: unknown): RoleFailure {
  if (!(error instanceof ApiError)) {
    return { message: t('roles.errorUnexpected', { code: error instanceof Error ? error.message : String(error) }), fields: {} };
  }
  if (error.isNetwork) return { message: t('roles.errorNetwork'), fields: {} };
  if (error.status === 401) return { message: t('roles.errorSession'), fields: {} };
  switch (error.code) {
    case 'role_exists': {
      const message = t('roles.errorExists');
      return { message, fields: { name: message } };
    }
    case 'admin_role_fixed':
      return { message: t('roles.errorAdminFixed'), fields: {} };
    case 'last_admin':
      return { message: t('roles.errorLastAdmin'), fields: {} };
    case 'role_in_use': {
      const holders = Number(error.fields.members?.[0] ?? 1);
      return { message: t('roles.deleteRefused', { count: holders }), fields: {}, holders };
    }
    case 'not_found':
      return { message: t('roles.errorNotFound'), fields: {} };
    case 'own_role_permissions':
      return { message: t('roles.errorOwnRole'), fields: {} };
    case 'grant_not_held':
      return { message: t('roles.errorGrantNotHeld', { grants: (error.fields.grants ?? []).join(', ') }), fields: {} };
    case 'role_outranks_you':
      return { message: t('roles.errorOutranks', { grants: (error.fields.grants ?? []).join(', ') }), fields: {} };
    case 'forbidden':
      return { message: t('roles.errorForbidden'), fields: {} };
    case 'invalid_body':
      return invalidBody(error);
    default:
      return { message: t('roles.errorUnexpected', { code: error.code }), fields: {} };
  }
}

function invalidBody(error: ApiError): RoleFailure {
  const fields: RoleFailure['fields'] = {};
  if (error.fields.name) fields.name = t('roles.errorNameInvalid', { max: ROLE_NAME_MAX });
  if (error.fields.description) fields.description = t('roles.errorTooLong', { max: ROLE_DESCRIPTION_MAX });
  // The server names each refused grant ("\"x\" names no known permission"): the grants themselves say
  // which to remove, whatever the language.
  const grants = error.fields.permissions;
  if (grants && grants.length > 0) return { message: t('roles.errorGrants', { details: grants.join('; ') }), fields };
  return { message: t('roles.errorInvalid'), fields };
}
