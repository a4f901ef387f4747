import { t } from '../i18n/translate.ts';

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

type Query = Record<string, string | number | boolean | undefined | null>;

function urlOf(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

async function send<T>(method: string, path: string, options: { query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const token = path.startsWith('/portal/') ? portalCsrfToken : csrfToken;
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('NETWORK_ERROR', t('error.network'), 0);
  }
  const text = await response.text();
  const reply: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = (reply as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    throw new ApiError(error?.code ?? `HTTP_${response.status}`, error?.message ?? t('error.generic'), response.status, error?.details);
  }
  return reply as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => send<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => send<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => send<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => send<T>('PUT', path, { body }),
  delete: <T>(path: string, body?: unknown) => send<T>('DELETE', path, { body }),
};
