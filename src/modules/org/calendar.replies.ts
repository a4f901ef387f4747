import { z } from 'zod';
import { listReplySchema } from '../../platform/pagination.ts';

/** Reply shapes of a service point's calendar routes; local dates are YYYY-MM-DD, local times HH:MM, instants ISO 8601. */

const weeklyHours = z
  .object({
    id: z.string(),
    weekday: z.number().int().describe('1 = Monday ... 7 = Sunday'),
    opensAt: z.string(),
    closesAt: z.string(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
  })
  .meta({ id: 'CalendarWeeklyHours' });

export const calendarExceptionReply = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['closed', 'special-hours']),
    startDate: z.string(),
    endDate: z.string(),
    opensAt: z.string().nullable(),
    closesAt: z.string().nullable(),
  })
  .meta({ id: 'CalendarException' });

export const calendarReply = z.object({
  servicePointId: z.string(),
  timeZone: z.string(),
  hours: z.array(weeklyHours),
  exceptions: z.array(calendarExceptionReply),
});

export const weeklyHoursReply = listReplySchema(weeklyHours);

export const exceptionRemovedReply = z.object({ removed: z.boolean() });

const period = z.object({ opensAt: z.string(), closesAt: z.string() });

export const openStatusReply = z.object({
  at: z.string(),
  open: z.boolean(),
  currentPeriod: period.optional(),
  closesAt: z.string().optional().describe('when the open stretch under way ends; absent when closed'),
  nextOpening: z.string().optional(),
});

export const openingDaysReply = z.object({
  servicePointId: z.string(),
  timeZone: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      weekday: z.number().int(),
      open: z.boolean(),
      periods: z.array(period.extend({ localOpensAt: z.string(), localClosesAt: z.string() })),
      exception: z.object({ name: z.string(), kind: z.enum(['closed', 'special-hours']) }).nullable(),
    }),
  ),
});
