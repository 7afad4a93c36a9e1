// The writer thread of a SQLite import (see threadedWriter in writer.ts): opens the sink, writes
// each chunk of rows in order, and finishes or aborts when told. A failure is reported once and
// the transaction stays open, so that the importer's abort can keep the rows written so far.
import { parentPort, workerData } from 'node:worker_threads';
import { BlocwatchError, describeError } from '../../errors.ts';
import {
  decodeChunk,
  openSqliteSink,
  type SqliteSink,
  type WriterReply,
  type WriterRequest,
  type WriterThreadData,
} from './writer.ts';

const port = parentPort!;
const { location, spec, options } = workerData as WriterThreadData;
const width = spec.columns.length;
let failure: WriterReply | null = null;
let sink: SqliteSink | null = null;

function fail(error: unknown): void {
  failure =
    error instanceof BlocwatchError
      ? { type: 'failed', code: error.code, message: error.message }
      : {
          type: 'failed',
          code: 'BW_ERR_DB_QUERY',
          message: `storing imported events failed: ${describeError(error)}`,
        };
  port.postMessage(failure);
}

try {
  sink = openSqliteSink(location, spec, options);
} catch (error) {
  fail(error);
}

port.on('message', (request: WriterRequest) => {
  if (request.type === 'rows') {
    if (!failure && sink) {
      const s = sink;
      try {
        decodeChunk(request.chunk, width, (row) => s.add(row));
      } catch (error) {
        fail(error);
      }
    }
    port.postMessage({ type: 'written' } satisfies WriterReply);
  } else if (request.type === 'finish') {
    if (failure || !sink) port.postMessage(failure);
    else
      try {
        port.postMessage({ type: 'done', totals: sink.finish() } satisfies WriterReply);
      } catch (error) {
        fail(error);
      }
  } else {
    sink?.abort();
    port.postMessage({ type: 'aborted' } satisfies WriterReply);
  }
});
