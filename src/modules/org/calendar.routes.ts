import { z } from 'zod';
import { actorOf, staffOf } from '../../http/access.ts';
import type { CarrelApp, RouteDeps } from '../../http/route-types.ts';
import { calendarExceptionReply, calendarReply, exceptionRemovedReply, openingDaysReply, openStatusReply, weeklyHoursReply } from './calendar.replies.ts';
import { addCalendarException, describeCalendar, openingDays, openStatusAt, removeCalendarException, replaceWeeklyHours } from './calendar.service.ts';

const params = z.object({ id: z.string().min(1).max(64) });
const localTime = z.string().trim().max(5).describe("local time 'HH:MM', 24-hour clock; closing may be '24:00'");
const localDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');

const weeklyHoursRow = z.object({
  weekday: z.number().int().min(1).max(7).describe('1 = Monday ... 7 = Sunday'),
  opensAt: localTime,
  closesAt: localTime,
  validFrom: localDate.nullable().optional(),
  validTo: localDate.nullable().optional(),
});

const exceptionBody = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['closed', 'special-hours']),
  startDate: localDate,
  endDate: localDate,
  opensAt: localTime.nullable().optional(),
  closesAt: localTime.nullable().optional(),
});

/** Opening hours, closures and special hours of a service point, read in its time zone. */
export async function calendarRoutes(app: CarrelApp, { db, clock }: RouteDeps): Promise<void> {
  app.get(
    '/service-points/:id/calendar',
    { config: { access: 'org.read' }, schema: { tags: ['calendar'], summary: 'Weekly hours, closures and special hours of a service point', params, response: { 200: calendarReply } } },
    async (request) => describeCalendar(db, staffOf(request).institutionId, request.params.id),
  );

  app.put(
    '/service-points/:id/calendar/hours',
    {
      config: { access: 'org.edit' },
      schema: {
        tags: ['calendar'],
        summary: 'Replace the weekly opening hours (several rows for one weekday give split hours)',
        params,
        body: z.object({ hours: z.array(weeklyHoursRow).max(200) }),
        response: { 200: weeklyHoursReply },
      },
    },
    async (request) => {
      const hours = await replaceWeeklyHours(db, clock, actorOf(request), request.params.id, request.body.hours);
      return { items: hours, total: hours.length };
    },
  );

  app.post(
    '/service-points/:id/calendar/exceptions',
    {
      config: { access: 'org.edit' },
      schema: { tags: ['calendar'], summary: 'Add a closure (holiday) or special hours for a range of local dates', params, body: exceptionBody, response: { 201: calendarExceptionReply } },
    },
    async (request, reply) => reply.status(201).send(await addCalendarException(db, clock, actorOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/service-points/:id/calendar/exceptions/:exceptionId',
    {
      config: { access: 'org.edit' },
      schema: { tags: ['calendar'], summary: 'Remove a closure or special hours', params: params.extend({ exceptionId: z.string().min(1).max(64) }), response: { 200: exceptionRemovedReply } },
    },
    async (request) => {
      await removeCalendarException(db, clock, actorOf(request), request.params.id, request.params.exceptionId);
      return { removed: true };
    },
  );

  app.get(
    '/service-points/:id/calendar/open',
    {
      config: { access: 'org.read' },
      schema: {
        tags: ['calendar'],
        summary: 'Is the service point open at an instant (default now), until when, and when does it open next',
        params,
        querystring: z.object({ at: z.iso.datetime({ offset: true }).optional() }),
        response: { 200: openStatusReply },
      },
    },
    async (request) => {
      const at = request.query.at ? new Date(request.query.at) : clock.now();
      return { at: at.toISOString(), ...(await openStatusAt(db, staffOf(request).institutionId, request.params.id, at)) };
    },
  );

  app.get(
    '/service-points/:id/calendar/days',
    {
      config: { access: 'org.read' },
      schema: {
        tags: ['calendar'],
        summary: "Each local day's opening hours between two dates (inclusive, at most 366 days)",
        params,
        querystring: z.object({ from: localDate, to: localDate }),
        response: { 200: openingDaysReply },
      },
    },
    async (request) => openingDays(db, staffOf(request).institutionId, request.params.id, request.query.from, request.query.to),
  );
}
