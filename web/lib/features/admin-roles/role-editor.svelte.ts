// One role being created or edited: its name, description and grants as the editor shows them, whether
// anything differs from what the server has, what the signed-in administrator may change (role-limits.ts),
// and saving (only the fields that changed).
import { ADMIN_ROLE, grantCovered, type Administrator, type DelegationRefusal } from '@workmate/domain/access';
import { t } from '$lib/i18n/translate.ts';
import { toasts } from '$lib/ui/toasts.svelte.ts';
import { emptyGrantState, grantsToState, sameGrants, stateToGrants, type GrantEditorState } from './grant-editor.ts';
import { createRole, updateRole, type Role, type RoleDraft } from './role-api.ts';
import { describeRoleError } from './role-errors.ts';
import { grantChangeRefusal, ownRole, roleLock } from './role-limits.ts';
import { roleProblems, type RoleProblem } from './role-rules.ts';

type Saved = { name: string; description: string; permissions: string[] };

export class RoleEditor {
  readonly role: Role | null;
  /** Admin always holds `*`: its grants are shown, never edited. */
  readonly permissionsLocked: boolean;
  /** Why the administrator may not change this role at all (it grants more than they hold); null when they may. */
  readonly lock: DelegationRefusal | null;
  /** The administrator holds this role: its grants are shown, not edited (name and description may change). */
  readonly ownRole: boolean;
  /** Some grants cannot be given here because the administrator lacks them. */
  readonly limited: boolean;
  name = $state('');
  description = $state('');
  grants = $state.raw<GrantEditorState>(emptyGrantState());
  problems = $state.raw<RoleProblem[]>([]);
  /** Problems the server found at a field (e.g. a name too close to another role's). */
  serverProblems = $state.raw<{ name?: string; description?: string }>({});
  saving = $state(false);
  #saved = $state.raw<Saved>({ name: '', description: '', permissions: [] });
  readonly #roles: () => readonly Role[];
  readonly #actor: Administrator;

  readonly permissions = $derived(stateToGrants(this.grants));
  readonly dirty = $derived(
    this.name.trim() !== this.#saved.name ||
      this.description.trim() !== this.#saved.description ||
      !sameGrants(this.permissions, this.#saved.permissions),
  );

  /** `roles`: every role, to keep names unique; `actor`: the signed-in administrator. */
  constructor(role: Role | null, roles: () => readonly Role[], actor: Administrator) {
    this.role = role;
    this.#roles = roles;
    this.#actor = actor;
    this.permissionsLocked = role?.key === ADMIN_ROLE;
    this.lock = role ? roleLock(actor, role) : null;
    this.ownRole = ownRole(actor, role);
    this.limited = !grantCovered(actor.permissions, '*');
    this.name = role?.name ?? '';
    this.description = role?.description ?? '';
    this.grants = role ? grantsToState(role.permissions) : emptyGrantState();
    // Compare against the grants as the editor writes them, so opening a role never counts as a change.
    this.#saved = { name: this.name.trim(), description: this.description.trim(), permissions: stateToGrants(this.grants) };
  }

  /** Whether the grants may become `next`: what saving them would be allowed to store. */
  allows(next: GrantEditorState): boolean {
    return grantChangeRefusal(this.#actor, this.role, next) === null;
  }

  problemAt(field: 'name' | 'description'): string | null {
    const problem = this.problems.find((p) => p.field === field);
    if (problem?.code === 'required') return t('roles.errorNameRequired');
    if (problem?.code === 'taken') return t('roles.errorNameTaken');
    if (problem?.code === 'too_long') return t('roles.errorTooLong', { max: problem.max });
    return this.serverProblems[field] ?? null;
  }

  /** Grants the catalogue does not know; they must be removed before saving. */
  get invalidGrants(): string[] {
    return this.problems.flatMap((p) => (p.field === 'permissions' ? [p.grant] : []));
  }

  clearProblems(field: 'name' | 'description'): void {
    this.problems = this.problems.filter((p) => p.field !== field);
    this.serverProblems = { ...this.serverProblems, [field]: undefined };
  }

  /** Sends the role to the server. Resolves with the stored role, or null when it was refused (and said why). */
  async save(): Promise<Role | null> {
    const draft: RoleDraft = { name: this.name.trim(), description: this.description.trim(), permissions: this.permissions };
    this.problems = roleProblems(draft, this.#roles(), this.role?.key ?? null);
    this.serverProblems = {};
    if (this.problems.length > 0) return null;
    if (this.role && !this.dirty) return this.role;
    this.saving = true;
    try {
      const stored = this.role ? await updateRole(this.role.key, this.#changes(draft)) : await createRole(draft);
      this.#saved = { name: draft.name, description: draft.description, permissions: draft.permissions };
      return stored;
    } catch (error) {
      const failure = describeRoleError(error);
      this.serverProblems = failure.fields;
      if (!failure.fields.name && !failure.fields.description) toasts.show('error', failure.message);
      return null;
    } finally {
      this.saving = false;
    }
  }

  #changes(draft: RoleDraft): Partial<RoleDraft> {
    const changes: Partial<RoleDraft> = {};
    if (draft.name !== this.#saved.name) changes.name = draft.name;
    if (draft.description !== this.#saved.description) changes.description = draft.description;
    // The server rechecks every holder's open connections when grants change: send them only when they did.
    if (!this.permissionsLocked && !this.ownRole && !sameGrants(draft.permissions, this.#saved.permissions)) changes.permissions = draft.permissions;
    return changes;
  }
}
