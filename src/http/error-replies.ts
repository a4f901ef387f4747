import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, httpStatusOfCode } from '../platform/errors.ts';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** One handler shapes every error reply: { error: { code, message, details } }. */
export function installErrorReplies(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      const body: ErrorBody = { error: { code: error.code, message: error.message } };
      if (error.details !== undefined) body.error.details = error.details;
      return reply.status(httpStatusOfCode[error.code]).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const problems = error.validation.flatMap((issue) => problemsOf(error.validationContext, issue));
      return reply.status(400).send({
        error: { code: 'VALIDATION_FAILED', message: `Some input is not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, details: problems },
      });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own refusals: unparseable JSON, a body too large, an unsupported media type.
      return reply.status(error.statusCode).send({ error: { code: codeOfFastifyRefusal(error), message: error.message } });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send({
      error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on the server. The problem has been logged.', details: { requestId: request.id } },
    });
  });
}

interface ValidationProblem {
  field: string;
  message: string;
  /** Only for refusals a client may want to tell apart: UNKNOWN_FIELD, CONTROL_CHARACTERS. */
  code?: string;
}

/** One problem per field: a field the route does not take is named itself, not its parent object. */
function problemsOf(context: string | undefined, issue: FastifySchemaValidationError): ValidationProblem[] {
  const path = [context, ...String(issue.instancePath ?? '').split('/').filter(Boolean)];
  const params = issue.params as { keys?: unknown; params?: { code?: unknown } };
  if (issue.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
    return params.keys.map((key) => ({ field: [...path, String(key)].join('.'), message: 'is not a field this request takes', code: 'UNKNOWN_FIELD' }));
  }
  const problem: ValidationProblem = { field: path.join('.'), message: issue.message ?? 'is not valid' };
  if (typeof params.params?.code === 'string') problem.code = params.params.code;
  return [problem];
}

/** Stable codes for what Fastify refuses before a route runs, so clients need not read its messages. */
function codeOfFastifyRefusal(error: FastifyError): string {
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'UNSUPPORTED_MEDIA_TYPE';
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'PAYLOAD_TOO_LARGE';
  // Also a body with a __proto__ or constructor key: the JSON parser refuses those as invalid.
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'MALFORMED_JSON';
  return 'BAD_REQUEST';
}
