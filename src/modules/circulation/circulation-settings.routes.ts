import { z } from 'zod';
import { actorOf, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { testCirculationRules } from './circulation-rule-tester.service.ts';
import { createCirculationRule, deleteCirculationRule, listCirculationRules, updateCirculationRule } from './circulation-rules.service.ts';
import { previewLoanPolicy } from './loan-policy-preview.service.ts';
import { patronGroupLimitsOf, setPatronGroupLimits } from './patron-group-limits.service.ts';
import { createPolicy, deletePolicy, getPolicy, listPolicies, updatePolicy } from './policies.service.ts';
import { loanPolicySettingsSchema, policyKinds, type PolicyKind } from '../policies/index.ts';
import {
  circulationRuleReply,
  circulationRulesReply,
  deletedReply,
  dueDatePreviewReply,
  patronGroupLimitsListReply,
  patronGroupLimitsReply,
  policiesReply,
  policyReply,
  ruleTestReply,
} from './circulation-settings.replies.ts';

const kindParam = z.enum(Object.keys(policyKinds) as [PolicyKind, ...PolicyKind[]]);
const code = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
/** An id or a code of the institution's row. */
const reference = z.string().trim().min(1).max(64);
const limit = z.number().int().min(0).nullable().optional();

const policyBody = z.object({
  code,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  // validated against the kind's schema by the service, which names each bad field
  settings: z.unknown().optional(),
});

const ruleBody = z.object({
  name: z.string().trim().min(1).max(200),
  isFallback: z.boolean().optional(),
  patronGroup: reference.nullable().optional(),
  materialType: reference.nullable().optional(),
  loanType: reference.nullable().optional(),
  location: reference.nullable().optional(),
  library: reference.nullable().optional(),
  campus: reference.nullable().optional(),
  loanPolicy: reference,
  requestPolicy: reference,
  overdueFinePolicy: reference,
  lostItemPolicy: reference,
  noticePolicy: reference,
});

/** Policies, circulation rules, the rule tester and patron group limits. */
export async function circulationSettingsRoutes(app: CarrelApp, { db, clock }: RouteDeps): Promise<void> {
  const tags = ['circulation settings'];

  app.get('/policies/:kind', { config: { access: 'settings.read' }, schema: { tags, summary: 'Policies of one kind', params: z.object({ kind: kindParam }), response: { 200: policiesReply } } }, async (request) => {
    const items = await listPolicies(db, staffOf(request).institutionId, request.params.kind);
    return { items, total: items.length };
  });

  app.post(
    '/policies/:kind',
    { config: { access: 'settings.edit' }, schema: { tags, summary: 'Create a policy; settings are checked against the kind and defaults filled in', params: z.object({ kind: kindParam }), body: policyBody, response: { 201: policyReply } } },
    async (request, reply) => reply.status(201).send(await createPolicy(db, clock, actorOf(request), request.params.kind, { ...request.body, settings: request.body.settings ?? {} })),
  );

  const policyParams = z.object({ kind: kindParam, id: reference });
  app.get('/policies/:kind/:id', { config: { access: 'settings.read' }, schema: { tags, summary: 'One policy, by id or code', params: policyParams, response: { 200: policyReply } } }, async (request) =>
    getPolicy(db, staffOf(request).institutionId, request.params.kind, request.params.id),
  );

  app.patch(
    '/policies/:kind/:id',
    { config: { access: 'settings.edit' }, schema: { tags, summary: 'Edit a policy; settings, when given, replace the old ones whole', params: policyParams, body: policyBody.partial(), response: { 200: policyReply } } },
    async (request) => updatePolicy(db, clock, actorOf(request), request.params.kind, request.params.id, request.body),
  );

  app.delete(
    '/policies/:kind/:id',
    { config: { access: 'settings.edit' }, schema: { tags, summary: 'Delete a policy no rule or loan uses (otherwise POLICY_IN_USE)', params: policyParams, response: { 200: deletedReply } } },
    async (request) => {
      await deletePolicy(db, clock, actorOf(request), request.params.kind, request.params.id);
      return { deleted: true };
    },
  );

  app.get('/circulation-rules', { config: { access: 'settings.read' }, schema: { tags, summary: 'Circulation rules, most specific first, the fallback last', response: { 200: circulationRulesReply } } }, async (request) => {
    const items = await listCirculationRules(db, staffOf(request).institutionId);
    return { items, total: items.length };
  });

  app.post(
    '/circulation-rules',
    { config: { access: 'settings.edit' }, schema: { tags, summary: 'Create a circulation rule; criteria and policies by id or code', body: ruleBody, response: { 201: circulationRuleReply } } },
    async (request, reply) => reply.status(201).send(await createCirculationRule(db, clock, actorOf(request), request.body)),
  );

  app.patch(
    '/circulation-rules/:id',
    { config: { access: 'settings.edit' }, schema: { tags, summary: 'Edit a circulation rule', params: z.object({ id: z.uuid() }), body: ruleBody.partial(), response: { 200: circulationRuleReply } } },
    async (request) => updateCirculationRule(db, clock, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/circulation-rules/:id',
    { config: { access: 'settings.edit' }, schema: { tags, summary: 'Delete a circulation rule (never the fallback)', params: z.object({ id: z.uuid() }), response: { 200: deletedReply } } },
    async (request) => {
      await deleteCirculationRule(db, clock, actorOf(request), request.params.id);
      return { deleted: true };
    },
  );

  app.post(
    '/circulation-rules/test',
    {
      config: { access: 'settings.read' },
      schema: {
        tags,
        summary: 'Rule tester: which rule and policies a loan would get, why, and its due date if made now',
        body: z.object({
          patronBarcode: z.string().trim().min(1).max(64).optional(),
          itemBarcode: z.string().trim().min(1).max(64).optional(),
          patronGroup: reference.optional(),
          materialType: reference.optional(),
          loanType: reference.optional(),
          location: reference.optional(),
          servicePointId: z.uuid().optional(),
        }),
        response: { 200: ruleTestReply },
      },
    },
    async (request) => testCirculationRules(db, clock, staffOf(request).institutionId, request.body),
  );

  app.post(
    '/loan-policies/preview',
    {
      config: { access: 'settings.read' },
      schema: {
        tags,
        summary: 'The due date a loan made now at a desk would get under a loan policy as edited, step by step, before it is saved',
        body: z.object({ policy: loanPolicySettingsSchema, servicePointId: z.uuid(), itemHasRequests: z.boolean().optional() }),
        response: { 200: dueDatePreviewReply },
      },
    },
    async (request) => previewLoanPolicy(db, clock, staffOf(request).institutionId, request.body),
  );

  app.get('/patron-group-limits', { config: { access: 'settings.read' }, schema: { tags, summary: 'Automated block limits of every patron group (null: no limit)', response: { 200: patronGroupLimitsListReply } } }, async (request) => {
    const items = await patronGroupLimitsOf(db, staffOf(request).institutionId);
    return { items, total: items.length };
  });

  app.put(
    '/patron-group-limits/:patronGroupId',
    {
      config: { access: 'settings.edit' },
      schema: {
        tags,
        summary: "Replace a patron group's limits (by id or code); anything left out or null means no limit",
        params: z.object({ patronGroupId: reference }),
        body: z.object({
          maxLoans: limit,
          maxLoansPerMaterialType: z.record(z.string().min(1), z.number().int().min(0)).optional(),
          maxOverdueItems: limit,
          maxOverdueRecalls: limit,
          maxLostItems: limit,
          maxFeeBalanceCents: limit,
        }),
        response: { 200: patronGroupLimitsReply },
      },
    },
    async (request) => setPatronGroupLimits(db, clock, actorOf(request), request.params.patronGroupId, request.body),
  );
}
