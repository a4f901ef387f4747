import { z } from 'zod';
import { listReplySchema } from '../../platform/pagination.ts';
import { requestTypes } from '../policies/index.ts';
import { requestStatuses } from '../requests/index.ts';

/**
 * Reply shapes of the patron portal. A patron sees less than staff do (no barcodes of others, no staff names);
 * the serializer sends only the fields declared here, so nothing else can slip out. Instants are ISO 8601 strings.
 */

const portalLibrary = z
  .object({ code: z.string(), name: z.string(), currency: z.string(), locale: z.string(), timeZone: z.string() })
  .meta({ id: 'PortalLibrary' });

export const portalLibrariesReply = listReplySchema(z.object({ code: z.string(), name: z.string() }));

export const portalSessionReply = z
  .object({ patron: z.object({ displayName: z.string(), library: portalLibrary }), csrfToken: z.string() })
  .meta({ id: 'PortalSession' });

export const portalSignedOutReply = z.object({ signedOut: z.literal(true) });

const portalLoan = z
  .object({
    id: z.string(),
    title: z.string(),
    author: z.string().nullable(),
    itemBarcode: z.string(),
    callNumber: z.string().nullable(),
    loanedAt: z.string(),
    dueAt: z.string(),
    overdue: z.boolean(),
    recalled: z.boolean(),
    renewals: z.number(),
  })
  .meta({ id: 'PortalLoan' });

const portalRequest = z
  .object({
    id: z.string(),
    type: z.enum(requestTypes),
    status: z.enum(requestStatuses),
    title: z.string(),
    author: z.string().nullable(),
    position: z.number().nullable().describe('place in the queue while waiting; null once on the hold shelf or closed'),
    pickup: z.object({ id: z.string(), name: z.string() }),
    holdShelfExpiresAt: z.string().nullable(),
    requestedAt: z.string(),
    notNeededAfter: z.string().nullable(),
  })
  .meta({ id: 'PortalRequest' });

export const portalAccountReply = z
  .object({
    patron: z.object({ displayName: z.string(), email: z.string().nullable(), expiresOn: z.string().nullable(), group: z.string() }),
    library: portalLibrary,
    borrowingBlocked: z.boolean(),
    blockMessages: z.array(z.string()),
    loans: z.array(portalLoan),
    requests: z.array(portalRequest),
    fees: z.object({
      balanceCents: z.number(),
      items: z.array(
        z.object({
          id: z.string(),
          feeType: z.string(),
          title: z.string().nullable(),
          amountCents: z.number(),
          remainingCents: z.number(),
          createdAt: z.string(),
        }),
      ),
    }),
  })
  .meta({ id: 'PortalAccount' });

export const portalRenewalReply = z.object({ loan: portalLoan });

export const portalRenewalsReply = z.object({
  renewed: z.array(portalLoan),
  refused: z.array(z.object({ loanId: z.string(), title: z.string(), message: z.string() })),
});

export const portalCatalogReply = listReplySchema(
  z
    .object({
      instanceId: z.string(),
      title: z.string(),
      author: z.string().nullable(),
      publicationYear: z.string().nullable(),
      copies: z.number(),
      available: z.number(),
    })
    .meta({ id: 'PortalTitle' }),
);

export const portalPickupDesksReply = listReplySchema(z.object({ id: z.string(), name: z.string() }));

export const portalRequestReply = z.object({ request: portalRequest });

export const portalPinChangedReply = z.object({ changed: z.literal(true) });
