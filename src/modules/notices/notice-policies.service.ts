import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { noticePolicySettingsSchema, type NoticePolicySettings } from '../policies/index.ts';
import { chooseRule, copyForRequest, rulesWithPolicies, type RuleWithPolicies } from '../circulation/index.ts';
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
    const item = await copyForRequest(this.db, this.institutionId, { id: itemId });
    if (!item) return this.forPatron(patronGroupId);
    const facts = {
      patronGroupId,
      materialTypeId: item.materialTypeId,
      loanTypeId: item.loanTypeId,
      locationId: item.location.id,
      libraryId: item.location.libraryId,
      campusId: item.location.campusId,
    };
    return this.settingsOf(chooseRule(this.rules, facts, noLabels)?.rule);
  }
}
