/** What other modules may use of staff: hashing and checking secrets, and the session rules shared with the portal. */
export { hashSecret, verifyAgainstDummy, verifySecret } from './password.ts';
export { keepSessionAlive, sessionIdOfToken } from './auth.service.ts';
export type { Permission, RouteAccess } from './permissions.ts';
/** A new institution gets the built-in roles (in the transaction that creates it). */
export { ensureBuiltInRoles, createStaffAccount, syncBuiltInRolesOfAllInstitutions } from './staff.service.ts';
export { principalOfSession, sameSecret } from './auth.service.ts';
export type { StaffPrincipal, StaffSessionRules } from './auth.service.ts';
export { isPermission } from './permissions.ts';
