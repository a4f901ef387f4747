/** What other modules may use of staff: hashing and checking secrets, and the session rules shared with the portal. */
export { hashSecret, verifyAgainstDummy, verifySecret } from './password.ts';
export { keepSessionAlive, sessionIdOfToken } from './auth.service.ts';
export type { Permission } from './permissions.ts';
/** A new institution gets the built-in roles (in the transaction that creates it). */
export { ensureBuiltInRoles } from './staff.service.ts';
