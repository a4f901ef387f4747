import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { noticePolicySettingsSchema, type NoticePolicySettings } from '../policies/index.ts';
import { chooseRule, rulesWithPolicies, type RuleWithPolicies } from '../circulation/index.ts';
import { patronOnlyRuleOf } from './notice-kinds.policy.ts';

const noLabels = { patronGroup: '', materialType: '', loanType: '', location: '', library: '', campus: '' };

/**
 * Which notice policy governs an event, for one notice pass: the rule a loan was lent under; for
 * a patron and an item (a request, a fee for an item) the rule that would lend that item to that
 * patron; for the patron alone the most specific item-free rule of their group (or the fallback).
 */
export class NoticePolicies {
  private constructor(
    private readonly db: Kysely<Database>,
    private readonly institutionId: string,
    private readonly rules: RuleWithPolicies[],
  ) {}

  private readonly parsed = new Map<string, NoticePolicySettings>();

  static async load(db: Kysely<Database>, institutionId: string): Promise<NoticePolicies> {
    return new NoticePolicies(db, institutionId, await rulesWithPolicies(db, institutionId));
  }

  private settingsOf(rule: RuleWithPolicies | null | undefined): NoticePolicySettings {
    if (!rule) return { notices: [] };
    let settings = this.parsed.get(rule.noticePolicy.id);
    if (!settings) {
      settings = noticePolicySettingsSchema.parse(JSON.parse(rule.noticePolicy.settings));
      this.parsed.set(rule.noticePolicy.id, settings);
    }
    return settings;
  }

  /** Whether any rule's notice policy sends one of these kinds (a pass with nothing to look for stops early). */
  listsAnyOf(kinds: readonly string[]): boolean {
    return this.rules.some((rule) => this.settingsOf(rule).notices.some((entry) => kinds.includes(entry.kind)));
  }

  /** A policy already joined to a loan (id and stored settings). */
  forLoanRuleOfPolicy(noticePolicyId: string, settings: string): NoticePolicySettings {
    let parsed = this.parsed.get(noticePolicyId);
    if (!parsed) this.parsed.set(noticePolicyId, (parsed = noticePolicySettingsSchema.parse(JSON.parse(settings))));
    return parsed;
  }

  forLoanRule(ruleId: string | null): NoticePolicySettings {
    return this.settingsOf(this.rules.find((rule) => rule.id === ruleId));
  }

  forPatron(patronGroupId: string): NoticePolicySettings {
    return this.settingsOf(patronOnlyRuleOf(this.rules, patronGroupId));
  }

  async forPatronAndItem(patronGroupId: string, itemId: string | null): Promise<NoticePolicySettings> {
    if (!itemId) return this.forPatron(patronGroupId);
    const item = await this.db
      .selectFrom('item')
      .innerJoin('holding', 'holding.id', 'item.holding_id')
      .innerJoin('location', (join) => join.on(sql<boolean>`location.id = coalesce(item.temporary_location_id, holding.location_id)`))
      .innerJoin('library', 'library.id', 'location.library_id')
      .select(['item.material_type_id', 'item.loan_type_id', 'item.temporary_loan_type_id', 'location.id as location_id', 'library.id as library_id', 'library.campus_id'])
      .where('item.institution_id', '=', this.institutionId)
      .where('item.id', '=', itemId)
      .executeTakeFirst();
    if (!item) return this.forPatron(patronGroupId);
    const facts = {
      patronGroupId,
      materialTypeId: item.material_type_id,
      loanTypeId: item.temporary_loan_type_id ?? item.loan_type_id,
      locationId: item.location_id,
      libraryId: item.library_id,
      campusId: item.campus_id,
    };
    return this.settingsOf(chooseRule(this.rules, facts, noLabels)?.rule);
  }
}
