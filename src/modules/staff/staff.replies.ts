import { z } from 'zod';
import { listReplySchema } from '../../platform/pagination.ts';

/** Reply shapes of the staff routes; no password hash or session token is ever part of one. */

export const staffSessionReply = z
  .object({
    staff: z.object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      role: z.object({ code: z.string(), name: z.string() }),
      institution: z.object({ id: z.string(), code: z.string(), name: z.string() }),
      permissions: z.array(z.string()),
    }),
    csrfToken: z.string(),
  })
  .meta({ id: 'StaffSession' });

export const signedOutReply = z.object({ signedOut: z.boolean() });

export const permissionsReply = listReplySchema(z.object({ name: z.string(), description: z.string() }));

export const staffAccountReply = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    active: z.boolean(),
    lastSignInAt: z.string().nullable().describe('ISO 8601 instant'),
    lockedUntil: z.string().nullable().describe('sign-in paused until this instant (ISO 8601); null when not paused'),
    roleCode: z.string(),
    roleName: z.string(),
  })
  .meta({ id: 'StaffAccount' });

export const staffAccountsReply = listReplySchema(staffAccountReply);

export const staffRoleReply = z
  .object({ id: z.string(), code: z.string(), name: z.string(), builtIn: z.boolean(), permissions: z.array(z.string()) })
  .meta({ id: 'StaffRole' });

export const staffRolesReply = listReplySchema(staffRoleReply);

/** The new record's id (staff account, role). */
export const createdReply = z.object({ id: z.string() });

export const updatedReply = z.object({ updated: z.boolean() });
