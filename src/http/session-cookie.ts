import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { CarrelConfig } from '../config.ts';

/**
 * Options of a session cookie (staff or portal). Secure when this request came over HTTPS, or when
 * the site says it is served over HTTPS (CARREL_PUBLIC_URL https://…): behind a TLS proxy that
 * Carrel is not told to trust, the request itself looks like plain HTTP.
 */
export function sessionCookieOptions(request: FastifyRequest, config: Pick<CarrelConfig, 'publicUrl'>, maxAgeSeconds?: number): CookieSerializeOptions {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https' || (config.publicUrl?.toLowerCase().startsWith('https://') ?? false),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}
