import { useSettingsList, type Location, type Named, type RuleCriterion, type RulePolicy } from '../api/settings-area-queries.ts';

/** The lists a circulation rule chooses from: its criteria and the policies it points at. */
export function useRuleVocabularies() {
  const patronGroup = useSettingsList<Named>('/patron-groups');
  const materialType = useSettingsList<Named>('/material-types');
  const loanType = useSettingsList<Named>('/loan-types');
  const location = useSettingsList<Location>('/locations', { limit: 500 });
  const loanPolicy = useSettingsList<Named>('/policies/loan-policy');
  const requestPolicy = useSettingsList<Named>('/policies/request-policy');
  const overdueFinePolicy = useSettingsList<Named>('/policies/overdue-fine-policy');
  const lostItemPolicy = useSettingsList<Named>('/policies/lost-item-policy');
  const noticePolicy = useSettingsList<Named>('/policies/notice-policy');
  const criteria: Record<RuleCriterion, Named[]> = {
    patronGroup: patronGroup.data?.items ?? [],
    materialType: materialType.data?.items ?? [],
    loanType: loanType.data?.items ?? [],
    location: location.data?.items ?? [],
  };
  const policies: Record<RulePolicy, Named[]> = {
    loanPolicy: loanPolicy.data?.items ?? [],
    requestPolicy: requestPolicy.data?.items ?? [],
    overdueFinePolicy: overdueFinePolicy.data?.items ?? [],
    lostItemPolicy: lostItemPolicy.data?.items ?? [],
    noticePolicy: noticePolicy.data?.items ?? [],
  };
  return { criteria, policies };
}
