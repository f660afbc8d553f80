// Which models answer the prompt, which judge and which fuse. An endpoint that names no roles
// answers, unless it is the one chosen as judge or fuser: a judge is never asked the prompt
// as an answerer unless it also has the answer role.
import type { ChatRole } from "./chat-model";

export interface RoleHolder {
  id: string;
  roles?: readonly ChatRole[];
}

export interface RoleChoice {
  /** Id of the model chosen as judge, if any. */
  judge?: string;
  /** Id of the model chosen as fuser, if any. */
  fuser?: string;
}

export function rolesOf(m: RoleHolder, chosen: RoleChoice = {}): ChatRole[] {
  if (m.roles && m.roles.length) return [...m.roles];
  const roles: ChatRole[] = [];
  if (m.id === chosen.judge) roles.push("judge");
  if (m.id === chosen.fuser) roles.push("fuse");
  return roles.length ? roles : ["answer"];
}

export function hasRole(m: RoleHolder, role: ChatRole, chosen: RoleChoice = {}): boolean {
  return rolesOf(m, chosen).includes(role);
}

/** The models that are asked the prompt. */
export function answerers<T extends RoleHolder>(models: readonly T[], chosen: RoleChoice = {}): T[] {
  return models.filter((m) => hasRole(m, "answer", chosen));
}
