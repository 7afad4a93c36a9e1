// Every CLI command, one module each. A command module exports `register(program)`.
import type { Command } from 'commander';
import { register as actors } from './actors.ts';
import { register as align } from './align.ts';
import { register as blocs } from './blocs.ts';
import { register as claims } from './claims.ts';
import { register as demo } from './demo.ts';
import { register as dyad } from './dyad.ts';
import { register as enqueue } from './enqueue.ts';
import { register as evalCommand } from './eval.ts';
import { register as events } from './events.ts';
import { register as exportCommand } from './export.ts';
import { register as extract } from './extract.ts';
import { register as followups } from './followups.ts';
import { register as importCommand } from './import.ts';
import { register as ingest } from './ingest.ts';
import { register as queue } from './queue.ts';
import { register as quotes } from './quotes.ts';
import { register as recode } from './recode.ts';
import { register as serve } from './serve.ts';
import { register as stats } from './stats.ts';
import { register as trends } from './trends.ts';
import { register as watch } from './watch.ts';
import { register as worker } from './worker.ts';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  actors,
  ingest,
  extract,
  events,
  stats,
  exportCommand,
  recode,
  demo,
  evalCommand,
  serve,
  importCommand,
  dyad,
  align,
  blocs,
  trends,
  followups,
  enqueue,
  worker,
  watch,
  queue,
  claims,
  quotes,
];
