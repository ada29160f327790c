import type { Role } from './keys/roles.js';

/** Who is asking: the authenticated key, its workspace and role, and the request for the audit trail. */
export interface Actor {
  workspaceId: string;
  keyId: string;
  role: Role;
  requestId: string | null;
}
