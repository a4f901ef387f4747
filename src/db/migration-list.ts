import type { Migration } from 'kysely';
import * as foundation from './migrations/0001-foundation.ts';
import * as catalogSearch from './migrations/0002-catalog-search.ts';
import * as patronSearch from './migrations/0003-patron-search.ts';
import * as circulation from './migrations/0004-circulation.ts';
import * as fees from './migrations/0005-fees.ts';
import * as bursarAndDrawer from './migrations/0006-bursar-and-drawer.ts';
import * as requests from './migrations/0007-requests.ts';
import * as notices from './migrations/0008-notices.ts';
import * as noticeKinds from './migrations/0009-notice-kinds.ts';
import * as sipAccounts from './migrations/0010-sip-accounts.ts';
import * as requestSettings from './migrations/0011-request-settings.ts';
import * as feeLoanIndex from './migrations/0012-fee-loan-index.ts';
import * as portalSessions from './migrations/0013-portal-sessions.ts';
import * as loanFinePeriod from './migrations/0014-loan-fine-period.ts';
import * as auditRetentionAndLoanPrivacy from './migrations/0019-audit-retention-and-loan-privacy.ts';
import * as sipSafeguards from './migrations/0016-sip-safeguards.ts';
import * as signInFailures from './migrations/0017-sign-in-failures.ts';

/**
 * Every migration in order. Listed statically (not read from the folder) so that they load the
 * same way under tsx, Vitest and a bundler. Add new ones at the end; never edit an applied one.
 */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-catalog-search': catalogSearch,
  '0003-patron-search': patronSearch,
  '0004-circulation': circulation,
  '0005-fees': fees,
  '0006-bursar-and-drawer': bursarAndDrawer,
  '0007-requests': requests,
  '0008-notices': notices,
  '0009-notice-kinds': noticeKinds,
  '0010-sip-accounts': sipAccounts,
  '0011-request-settings': requestSettings,
  '0012-fee-loan-index': feeLoanIndex,
  '0013-portal-sessions': portalSessions,
  '0014-loan-fine-period': loanFinePeriod,
  '0016-sip-safeguards': sipSafeguards,
  '0017-sign-in-failures': signInFailures,
  '0019-audit-retention-and-loan-privacy': auditRetentionAndLoanPrivacy,
};
