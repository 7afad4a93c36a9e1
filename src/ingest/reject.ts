// A rejected input: a stable error code and a one-line reason, recorded in rejected_inputs.
import type { ErrorCode } from '../errors.ts';

export class InputRejected extends Error {
  readonly code: ErrorCode;
  constructor(reason: string, code: ErrorCode = 'BW_ERR_INPUT_REJECTED') {
    super(reason.split('\n')[0]);
    this.name = 'InputRejected';
    this.code = code;
  }
}

export function reject(reason: string, code?: ErrorCode): never {
  throw new InputRejected(reason, code);
}
