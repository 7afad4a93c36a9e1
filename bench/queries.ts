// Queries over generated stores of 1 million and 10 million events (10M in full mode only):
// the analysis functions (dyad series, alignment, blocs, trends, top dyads, follow-through) and
// every API route the dashboard calls, through the server's buildApp + inject().
import type { Kysely } from 'kysely';
import { openStore, type Store } from '../src/store/index.ts';
import type { Database } from '../src/store/schema.ts';
import { type GeneratedStore, generatedStore } from './store-gen.ts';
import type { BenchContext, BenchRow, BenchSection } from './types.ts';
import { failed, median, timeRuns, tryImport, unavailable } from './util.ts';

const SECTION = 'queries';

/** Median of `runs` timed calls after one warm-up, as a table row. */
async function timed(
  section: string,
  name: string,
  fn: () => Promise<unknown>,
  runs: number,
  target?: { ms: number },
): Promise<BenchRow> {
  try {
    const t = await timeRuns(fn, runs);
    const ms = median(t.wall);
    process.stderr.write(
      `    ${section} ${name}: ${ms.toFixed(0)} ms (CPU ${median(t.cpu).toFixed(0)} ms)\n`,
    );
    return {
      section,
      name,
      value: ms,
      unit: `ms (median of ${runs}, min ${Math.min(...t.wall).toFixed(0)}; CPU ${median(t.cpu).toFixed(0)} ms)`,
      ...(target ? { target: `< ${target.ms.toLocaleString('en-US')}`, ok: ms < target.ms } : {}),
    };
  } catch (error) {
    return failed(section, name, error);
  }
}

/** The analysis calls, with targets where an issue names one (at 10M events). */
async function analysisRows(
  db: Kysely<Database>,
  label: string,
  big: boolean,
  runs: number,
): Promise<BenchRow[]> {
  const section = `${SECTION}:${label}`;
  const loaded = await tryImport(() => import('../src/analysis/index.ts'));
  if (typeof loaded === 'string')
    return [unavailable(section, 'analysis', `src/analysis/index.ts (${loaded})`)];
  // every call computes its relation matrix (none kept from the warm-up call)
  const a = new Proxy(loaded, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || name === 'forgetRelations') return value;
      return (...args: unknown[]) => {
        target.forgetRelations?.(db);
        return value(...args);
      };
    },
  });
  const rows: BenchRow[] = [];
  const need = (name: string) => typeof (a as Record<string, unknown>)[name] === 'function';
  const missing = ['dyadSeries', 'alignment', 'blocs', 'trends', 'topDyads', 'followups'].filter(
    (n) => !need(n),
  );
  for (const n of missing) rows.push(unavailable(section, n, `src/analysis/index.ts does not export ${n}`));
  const tenM = big ? { ms: 200 } : undefined;
  if (need('dyadSeries')) {
    rows.push(
      await timed(
        section,
        'dyad series USA–CHN (busiest pair), monthly',
        () => a.dyadSeries(db, { a: 'USA', b: 'CHN', period: 'month' }),
        runs,
        tenM,
      ),
    );
    rows.push(
      await timed(
        section,
        'dyad series IRN–RUS, monthly',
        () => a.dyadSeries(db, { a: 'IRN', b: 'RUS', period: 'month' }),
        runs,
        tenM,
      ),
    );
  }
  if (need('alignment')) {
    rows.push(await timed(section, 'alignment USA–CHN', () => a.alignment(db, { a: 'USA', b: 'CHN' }), runs));
    rows.push(
      await timed(section, 'alignment of IRN with every partner', () => a.alignment(db, { a: 'IRN' }), runs),
    );
  }
  if (need('blocs')) {
    rows.push(
      await timed(
        section,
        'blocs, one yearly window (2025)',
        () => a.blocs(db, { from: '2025', to: '2025', window: 'year' }),
        runs,
        big ? { ms: 2000 } : undefined,
      ),
    );
    rows.push(
      await timed(
        section,
        'blocs, 5 yearly windows',
        () => a.blocs(db, { window: 'year' }),
        Math.min(runs, 2),
      ),
    );
  }
  if (need('trends'))
    rows.push(await timed(section, 'trends (6 monthly windows)', () => a.trends(db, {}), runs));
  if (need('topDyads')) rows.push(await timed(section, 'top dyads', () => a.topDyads(db, {}), runs));
  if (need('followups')) rows.push(await timed(section, 'follow-ups', () => a.followups(db, {}), runs));
  return rows;
}

/** Every GET the dashboard makes (web/src/views), with the parameters it sends. */
export const DASHBOARD_ROUTES: [string, string][] = [
  ['overview: stats', '/api/stats'],
  ['overview: top dyads', '/api/dyads?min_events=3&limit=6'],
  ['overview: latest events', '/api/events?limit=8'],
  ['overview: trends', '/api/trends?limit=6'],
  ['network: network (all dates)', '/api/network?from=2021-01-01&to=2025-12-31'],
  ['network: blocs (one window, all dates)', '/api/blocs?from=2021-01-01&to=2025-12-31&window=all'],
  ['dyad page USA–CHN', '/api/dyads/USA/CHN?period=month&limit=100'],
  ['dyad page IRN–RUS', '/api/dyads/IRN/RUS?period=month&limit=100'],
  ['state page: alignment', '/api/alignment?a=IRN&limit=50'],
  ['state page: events', '/api/events?actor=IRN&limit=20'],
  ['map: network', '/api/network?limit=1'],
  ['map: alignment', '/api/alignment?a=USA&limit=1000'],
  ['events list, filtered', '/api/events?pair=IRN,RUS&root=04&limit=50'],
  ['documents list', '/api/documents?limit=50'],
  ['document reader', '/api/documents/doc-0'],
  ['actors', '/api/actors?limit=200'],
  ['claims', '/api/claims?limit=50'],
  ['quotes', '/api/quotes?limit=50'],
  ['follow-ups', '/api/followups?limit=50'],
];

async function routeRows(
  store: Store,
  label: string,
  runs: number,
  withTarget: boolean,
): Promise<BenchRow[]> {
  const section = `${SECTION}:${label} API`;
  const mod = await tryImport(() => import('../src/server/app.ts'));
  if (typeof mod === 'string') return [unavailable(section, 'API routes', `src/server/app.ts (${mod})`)];
  if (typeof mod.buildApp !== 'function')
    return [unavailable(section, 'API routes', 'src/server/app.ts has no buildApp')];
  // without the response cache: the figures are what each route computes (the load section
  // measures the real server, cache included)
  const app = await mod.buildApp({ store, cache: false });
  await app.ready();
  // the relation matrix kept between requests (src/analysis/relations.ts) is dropped before each
  // call, so that a row is what the route costs after a write; `kept` rows time it with the matrix
  const analysis = await tryImport(() => import('../src/analysis/index.ts'));
  const forget = typeof analysis === 'string' ? () => {} : () => analysis.forgetRelations?.(store.db);
  const kept: [string, string][] = DASHBOARD_ROUTES.filter(([, url]) =>
    /^\/api\/(dyads\?|network|alignment)/.test(url),
  ).map(([name, url]) => [`${name}, relation matrix kept`, url]);
  const rows: BenchRow[] = [];
  try {
    for (const [name, url] of [...DASHBOARD_ROUTES, ...kept]) {
      let bad: string | null = null;
      const keep = name.endsWith('relation matrix kept');
      const row = await timed(
        section,
        `GET ${url.split('?')[0]} (${name})`,
        async () => {
          if (!keep) forget();
          const r = await app.inject({ method: 'GET', url });
          if (r.statusCode !== 200) bad = `HTTP ${r.statusCode}: ${r.body.slice(0, 160)}`;
        },
        runs,
        withTarget ? { ms: 300 } : undefined,
      );
      rows.push(bad ? failed(section, `GET ${url}`, bad) : row);
    }
  } finally {
    await app.close();
  }
  return rows;
}

async function measureStore(ctx: BenchContext, events: number, label: string): Promise<BenchRow[]> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let gen: GeneratedStore;
  try {
    gen = await generatedStore(events, log);
  } catch (error) {
    return [failed(SECTION, `store of ${label} events`, error)];
  }
  const rows: BenchRow[] = [
    {
      section: `${SECTION}:${label}`,
      name: 'generated store',
      value: events,
      unit: gen.seconds > 0 ? `events (generated in ${gen.seconds.toFixed(0)} s)` : 'events (cached)',
    },
  ];
  const store = await openStore(gen.file);
  try {
    const big = events >= 10_000_000;
    // one warm-up call, then the median of `runs` calls (quick: a single timed call)
    const runs = ctx.quick ? 1 : 3;
    rows.push(...(await analysisRows(store.db, label, big, runs)));
    // the API target is stated at 1M events; at 10M the routes are measured without one
    rows.push(...(await routeRows(store, label, runs, events === 1_000_000)));
  } finally {
    await store.close();
  }
  return rows;
}

export const queriesSection: BenchSection = {
  name: 'queries',
  async run(ctx) {
    const rows = await measureStore(ctx, 1_000_000, '1M');
    if (!ctx.quick) rows.push(...(await measureStore(ctx, 10_000_000, '10M')));
    return rows;
  },
};
