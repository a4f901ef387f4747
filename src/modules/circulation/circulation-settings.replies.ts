import { z } from 'zod';
import { listReplySchema } from '../../platform/pagination.ts';

/**
 * Reply shapes of the circulation settings routes: policies, circulation rules, the rule tester and patron group
 * limits. A policy's settings are the stored JSON of its kind (see policies/policy-settings.ts), sent as they are.
 */

const named = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const policyReply = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    settings: z.unknown(),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'Policy' });

export const policiesReply = listReplySchema(policyReply);

export const deletedReply = z.object({ deleted: z.boolean() });

export const circulationRuleReply = z
  .object({
    id: z.string(),
    name: z.string(),
    isFallback: z.boolean(),
    patronGroupId: z.string().nullable(),
    materialTypeId: z.string().nullable(),
    loanTypeId: z.string().nullable(),
    locationId: z.string().nullable(),
    libraryId: z.string().nullable(),
    campusId: z.string().nullable(),
    criteria: z.object({
      patronGroup: named.nullable(),
      materialType: named.nullable(),
      loanType: named.nullable(),
      location: named.nullable(),
      library: named.nullable(),
      campus: named.nullable(),
    }),
    policies: z.object({ loanPolicy: named, requestPolicy: named, overdueFinePolicy: named, lostItemPolicy: named, noticePolicy: named }),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'CirculationRule' });

export const circulationRulesReply = listReplySchema(circulationRuleReply.extend({ specificity: z.string() }));

export const dueDatePreviewReply = z
  .object({ servicePointId: z.string(), loanedAt: z.string(), dueAt: z.string().nullable(), explanation: z.array(z.string()) })
  .meta({ id: 'DueDatePreview' });

const policyWithSettings = z.object({ id: z.string(), code: z.string(), name: z.string(), settings: z.unknown() });

export const ruleTestReply = z.object({
  criteria: z.object({ patronGroupId: z.string(), materialTypeId: z.string(), loanTypeId: z.string(), locationId: z.string() }),
  dueDatePreview: dueDatePreviewReply.nullable(),
  rule: z.object({ id: z.string(), name: z.string(), isFallback: z.boolean() }),
  loanPolicy: policyWithSettings,
  requestPolicy: policyWithSettings,
  overdueFinePolicy: policyWithSettings,
  lostItemPolicy: policyWithSettings,
  noticePolicy: policyWithSettings,
  explanation: z.array(z.string()),
});

const limits = {
  patronGroupId: z.string(),
  maxLoans: z.number().nullable(),
  maxOverdueItems: z.number().nullable(),
  maxOverdueRecalls: z.number().nullable(),
  maxLostItems: z.number().nullable(),
  maxFeeBalanceCents: z.number().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
};

export const patronGroupLimitsListReply = listReplySchema(
  z
    .object({
      ...limits,
      patronGroup: named,
      maxLoansPerMaterialType: z.array(
        z.object({
          materialType: z.object({ id: z.string(), code: z.string().nullable(), name: z.string().nullable() }).describe('code and name are null for a material type since deleted'),
          max: z.number(),
        }),
      ),
    })
    .meta({ id: 'PatronGroupLimits' }),
);

export const patronGroupLimitsReply = z.object({ ...limits, maxLoansPerMaterialType: z.record(z.string(), z.number()).describe('maximum loans by material type id') });
