// Where the roles screens live. Creating a role has its own address under the detail route; `_new` can
// never be a role's key (keys start with a letter), so no role hides behind it.
export const ROLES_PATH = '/admin/roles';
export const NEW_ROLE_KEY = '_new';
export const NEW_ROLE_PATH = `${ROLES_PATH}/${NEW_ROLE_KEY}`;

export const rolePath = (key: string) => `${ROLES_PATH}/${encodeURIComponent(key)}`;
