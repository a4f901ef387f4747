import createClient, { type Middleware } from 'openapi-fetch';
import { t } from '../i18n/translate.ts';
import type { paths } from './carrel-api.ts';

/** An error reply from the API: its stable code and a message meant for people. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

// The session's CSRF token, echoed on every state-changing request.
let csrfToken: string | undefined;

export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

// The patron portal has its own session and token: it never sends the staff token, nor the staff client the portal's.
let portalCsrfToken: string | undefined;

export function rememberPortalCsrfToken(token: string | undefined): void {
  portalCsrfToken = token;
}

/** Query values the API reads: empty, null and undefined ones are left out of the URL. */
function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  return params.toString();
}

const csrfHeader: Middleware = {
  onRequest({ request, schemaPath }) {
    const token = schemaPath.startsWith('/portal/') ? portalCsrfToken : csrfToken;
    if (request.method !== 'GET' && token) request.headers.set('x-csrf-token', token);
    return request;
  },
};

/**
 * The API under /api/v1, typed by the OpenAPI document (web/src/api/carrel-api.ts, `npm run api-types`): paths,
 * parameters, bodies and replies. Call it through `replyOf`, which turns an error reply into an ApiError.
 */
export const carrelApi = createClient<paths>({
  baseUrl: '/api/v1',
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
  querySerializer: queryString,
});
carrelApi.use(csrfHeader);

interface Outcome<Reply> {
  data?: Reply;
  error?: unknown;
  response: Response;
}

/**
 * The reply of a call, or an ApiError with the server's `{ error: { code, message, details } }`. A route whose reply
 * is not declared yet has no type for it: give one (`replyOf<Shape>(…)`) until the route declares it.
 */
export async function replyOf<Reply>(pending: Promise<Outcome<Reply>>): Promise<Reply> {
  let outcome: Outcome<Reply>;
  try {
    outcome = await pending;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('NETWORK_ERROR', t('error.network'), 0);
  }
  const { response } = outcome;
  if (!response.ok) {
    const body = outcome.error;
    const error = typeof body === 'object' && body !== null ? (body as { error?: { code?: string; message?: string; details?: unknown } }).error : undefined;
    throw new ApiError(error?.code ?? `HTTP_${response.status}`, error?.message ?? t('error.generic'), response.status, error?.details);
  }
  return outcome.data as Reply;
}
