// One catalogue of user-facing errors. Every error a user can see has a stable code, a message,
// a process exit code and an HTTP status; docs/reference/errors.md lists the same codes (a test
// keeps the two in sync).

export const ERRORS = {
  BW_ERR_USAGE: { exit: 2, http: 400, summary: 'The command or request was malformed.' },
  BW_ERR_INPUT_NOT_FOUND: { exit: 1, http: 404, summary: 'An input file, folder or URL does not exist.' },
  BW_ERR_INPUT_REJECTED: { exit: 1, http: 422, summary: 'An input could not be read as an article.' },
  BW_ERR_INPUT_TOO_LARGE: { exit: 1, http: 413, summary: 'An input exceeds the size limit.' },
  BW_ERR_KB_INVALID: { exit: 1, http: 500, summary: 'A knowledge-base or dictionary file is invalid.' },
  BW_ERR_DB_NOT_FOUND: {
    exit: 1,
    http: 500,
    summary: 'The SQLite database named to read from does not exist.',
  },
  BW_ERR_DB_OPEN: { exit: 1, http: 500, summary: 'The database could not be opened or migrated.' },
  BW_ERR_DB_QUERY: { exit: 1, http: 500, summary: 'A database query failed.' },
  BW_ERR_NOT_FOUND: { exit: 1, http: 404, summary: 'The requested record does not exist.' },
  BW_ERR_IMPORT: { exit: 1, http: 422, summary: 'An event-data file could not be imported.' },
  BW_ERR_UNAUTHORIZED: { exit: 1, http: 401, summary: 'A write needs a valid bearer token.' },
  BW_ERR_READ_ONLY: { exit: 1, http: 403, summary: 'The server is read-only: no token is configured.' },
  BW_ERR_RATE_LIMITED: { exit: 1, http: 429, summary: 'Too many API requests from one client; retry later.' },
  BW_ERR_INTERNAL: { exit: 1, http: 500, summary: 'An unexpected internal error.' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** An error meant for a user: a one-line message, a stable code, exit code and HTTP status. */
export class BlocwatchError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly httpStatus: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BlocwatchError';
    this.code = code;
    this.exitCode = ERRORS[code].exit;
    this.httpStatus = ERRORS[code].http;
  }
}

export function isBlocwatchError(value: unknown): value is BlocwatchError {
  return value instanceof BlocwatchError;
}

/** A one-line description of any thrown value, for logs and rejection reasons. */
export function describeError(value: unknown): string {
  if (value instanceof Error) return value.message.split('\n')[0] ?? value.name;
  return String(value).split('\n')[0] ?? 'unknown error';
}
