import { expect } from 'vitest';
import type { StaffSession } from '../http.ts';

/** Place a request through the API as a staff session. */
export function placeRequestVia(session: StaffSession, body: Record<string, unknown>) {
  return session.request({ method: 'POST', url: '/api/v1/requests', payload: body });
}

/** Place a request that must succeed; returns the request. */
export async function placedRequest(session: StaffSession, body: Record<string, unknown>) {
  const reply = await placeRequestVia(session, body);
  expect(reply.statusCode, reply.body).toBe(201);
  return reply.json().request as { id: string; status: string; queuePosition: number; item: { id: string; barcode: string; status: string } | null };
}

export async function requestOf(session: StaffSession, query: string) {
  const reply = await session.request({ method: 'GET', url: `/api/v1/requests?${query}` });
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json().items as { id: string; status: string; queuePosition: number; holdShelfExpiresAt: string | null; filledLoanId: string | null; item: { id: string; barcode: string } | null; patron: { id: string } }[];
}
