/**
 * Every named permission Carrel knows. Routes declare one of these (or 'public' / 'signed-in'),
 * roles are sets of them. Later modules add theirs here so that the role editor can list them.
 */
export const permissions = {
  'catalog.read': 'Search the catalog and view instances, holdings and items',
  'catalog.edit': 'Create and edit instances, holdings and items',
  'catalog.import': 'Import MARC records',
  'patrons.read': 'Find patrons and view their accounts',
  'patrons.edit': 'Create and edit patron records, notes and blocks',
  'patrons.import': 'Bulk-load patrons from the student information system',
  'patrons.clear-pin-lock': 'Lift the lock on a patron PIN after too many wrong tries',
  'org.read': 'View institutions, campuses, libraries, locations, service points and calendars',
  'org.edit': 'Edit locations, service points and calendars',
  'staff.read': 'View staff accounts and roles',
  'staff.manage': 'Create and edit staff accounts and roles',
  'audit.read': 'Read the audit log',
  'audit.manage': 'Set how long the audit log is kept',
  'circulation.check-out': 'Check items out',
  'circulation.check-in': 'Check items in',
  'circulation.backdate-check-in': 'Backdate a check-in to before the last 3 days, or to an earlier day so that it lowers a fine (within the waive limit)',
  'circulation.renew': 'Renew loans',
  'circulation.override': 'Override blocks on check-out and renewal',
  'circulation.read': 'View loans and loan history',
  'circulation.change-due-date': 'Change the due date of a loan',
  'circulation.declare-lost': 'Declare a loaned item lost',
  'circulation.claim-returned': 'Record that a patron claims to have returned an item',
  'circulation.mark-missing': 'Mark an item missing',
  'fees.read': 'View fees and fines',
  'fees.pay': 'Take payments',
  'fees.waive': 'Waive fees',
  'fees.refund': 'Refund payments',
  'fees.waive-unlimited': 'Waive fees of any amount, beyond the waive limit of the role',
  'fees.charge': 'Charge manual fees',
  'fees.transfer': 'Transfer fees to the bursar',
  'fees.cancel': 'Cancel fees charged in error',
  'requests.manage': 'Place, cancel and reorder requests',
  'settings.read': 'View circulation rules, policies and patron group limits, and use the rule tester',
  'settings.edit': 'Edit circulation rules and policies',
} as const;

export type Permission = keyof typeof permissions;

/**
 * What a route requires: a permission, any signed-in staff member, a patron signed in to the
 * portal (and then only their own account), or nothing.
 */
export type RouteAccess = Permission | 'signed-in' | 'patron' | 'public';

export function isPermission(name: string): name is Permission {
  return Object.hasOwn(permissions, name);
}

const allPermissions = Object.keys(permissions) as Permission[];

/** The built-in roles every institution starts with; libraries add custom roles beside them. */
export const builtInRoles: Record<'administrator' | 'supervisor' | 'technician' | 'student-worker', { name: string; permissions: Permission[] }> = {
  administrator: { name: 'Administrator', permissions: allPermissions },
  supervisor: {
    name: 'Supervisor',
    // Who manages staff, and how long their actions stay on record, is the administrators' call.
    permissions: allPermissions.filter((permission) => permission !== 'staff.manage' && permission !== 'audit.manage'),
  },
  technician: {
    name: 'Library technician',
    permissions: [
      'catalog.read', 'catalog.edit', 'patrons.read', 'patrons.edit', 'patrons.clear-pin-lock', 'org.read', 'staff.read',
      'circulation.check-out', 'circulation.check-in', 'circulation.renew', 'circulation.override',
      'circulation.read', 'circulation.change-due-date', 'circulation.declare-lost', 'circulation.claim-returned', 'circulation.mark-missing',
      'fees.read', 'fees.pay', 'fees.waive', 'fees.charge', 'requests.manage', 'settings.read',
    ],
  },
  'student-worker': {
    name: 'Student worker',
    permissions: ['catalog.read', 'patrons.read', 'org.read', 'circulation.check-out', 'circulation.check-in', 'circulation.renew', 'circulation.read', 'fees.read', 'fees.pay', 'requests.manage', 'settings.read'],
  },
};
