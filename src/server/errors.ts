// One error shape for every API failure: `{ ok: false, error: { code, message } }`, with the
// BW_ERR_* codes and HTTP statuses of src/errors.ts. Validation errors name the bad parameter.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BlocwatchError, ERRORS, type ErrorCode, isBlocwatchError } from '../errors.ts';

export interface ErrorBody {
  ok: false;
  error: { code: ErrorCode; message: string };
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { ok: false, error: { code, message } };
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  return reply.code(ERRORS[code].http).type('application/json; charset=utf-8').send(errorBody(code, message));
}

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** "bad parameter 'quad': must be <= 4" from an ajv validation error. */
export function describeValidation(
  issues: readonly ValidationIssue[],
  context: string | undefined,
): { param: string; message: string } {
  const issue = issues[0] ?? {};
  const params = issue.params ?? {};
  let param = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  let detail = issue.message ?? 'is invalid';
  if (issue.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    param = param ? `${param}.${params.additionalProperty}` : params.additionalProperty;
    detail = 'is not a known parameter';
  } else if (issue.keyword === 'required' && typeof params.missingProperty === 'string') {
    param = param ? `${param}.${params.missingProperty}` : params.missingProperty;
    detail = 'is required';
  } else if (issue.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    detail = `must be one of ${params.allowedValues.join(', ')}`;
  } else if (issue.keyword === 'pattern') {
    detail = 'has an invalid format';
  }
  const where = context === 'body' ? 'body field' : 'parameter';
  if (!param) param = context ?? 'request';
  return { param, message: `bad ${where} '${param}': ${detail}` };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isBlocwatchError(error)) return sendError(reply, error.code, error.message);
    if (error.validation) {
      const { message } = describeValidation(error.validation as ValidationIssue[], error.validationContext);
      return sendError(reply, 'BW_ERR_USAGE', message);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      return sendError(reply, 'BW_ERR_INPUT_TOO_LARGE', 'the request body exceeds the size limit');
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.statusCode === 415) {
      return sendError(reply, 'BW_ERR_USAGE', 'the request body must be application/json');
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      const message = (error.message || 'bad request').split('\n')[0];
      if (error.statusCode === 404) return sendError(reply, 'BW_ERR_NOT_FOUND', message);
      return sendError(reply, 'BW_ERR_USAGE', message);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 'BW_ERR_INTERNAL', 'an unexpected internal error occurred');
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    return sendError(reply, 'BW_ERR_NOT_FOUND', `no route ${request.method} ${path.slice(0, 200)}`);
  });
}

export function notFound(what: string): BlocwatchError {
  return new BlocwatchError('BW_ERR_NOT_FOUND', what);
}

export function badParam(param: string, detail: string): BlocwatchError {
  return new BlocwatchError('BW_ERR_USAGE', `bad parameter '${param}': ${detail}`);
}
