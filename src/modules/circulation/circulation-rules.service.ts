import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { LoanPolicySettings, LostItemPolicySettings, NoticePolicySettings, OverdueFinePolicySettings, RequestPolicySettings } from './policy-settings.ts';

/** What a loan is matched on. The location's library and campus are looked up from it. */
export interface RuleCriteria {
  institutionId: string;
  patronGroupId: string;
  materialTypeId: string;
  loanTypeId: string;
  locationId: string;
}

export interface StoredPolicy<Settings> {
  id: string;
  code: string;
  name: string;
  settings: Settings;
}

export interface AppliedPolicies {
  rule: { id: string; name: string; isFallback: boolean };
  loanPolicy: StoredPolicy<LoanPolicySettings>;
  requestPolicy: StoredPolicy<RequestPolicySettings>;
  overdueFinePolicy: StoredPolicy<OverdueFinePolicySettings>;
  lostItemPolicy: StoredPolicy<LostItemPolicySettings>;
  noticePolicy: StoredPolicy<NoticePolicySettings>;
  /** Why this rule: which criteria matched, which rules were more general or lost the tie-break. */
  explanation: string[];
}

export async function resolveCirculationRule(_db: Kysely<Database>, _criteria: RuleCriteria): Promise<AppliedPolicies> {
  throw new Error('resolveCirculationRule is not written yet');
}
