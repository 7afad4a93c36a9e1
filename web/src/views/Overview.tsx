// Overview: what is in the database, the most cooperative and conflictual dyads, the latest
// events and the emerging alignments.
import {
  type EventRecord,
  get,
  type Network,
  type RankedDyad,
  type Stats,
  type TopDyads,
  type Trends,
} from '../api.ts';
import { DyadLink, DyadTable, EventList, QuadBars, Status } from '../components/common.tsx';
import { fmtInt, fmtScore } from '../format.ts';
import { useLoad } from '../hooks.ts';

/** Pairs need this many events to be ranked on the overview. */
const MIN_EVENTS = 3;

interface OverviewData {
  stats: Stats;
  top: TopDyads;
  active: Network['pairs'];
  latest: EventRecord[];
  trends: Trends;
}

function RankedTable({ dyads, caption }: { dyads: RankedDyad[]; caption: string }) {
  if (dyads.length === 0) return <p className="muted">No pair has {MIN_EVENTS} or more events yet.</p>;
  return <DyadTable dyads={dyads.map((d) => ({ ...d, index: d.cooperation_index }))} caption={caption} />;
}

export function Overview() {
  const { data, error, loading } = useLoad<OverviewData>(async (signal) => {
    const statsLoad = get<Stats>('stats', {}, signal);
    // events that happened: asserted or reported, dated no later than the newest article
    const latestLoad = statsLoad.then((s) =>
      get<{ events: EventRecord[] }>(
        'events',
        { limit: 8, modality: 'asserted,reported', to: s.last_published ?? undefined },
        signal,
      ),
    );
    const [stats, top, network, latest, trends] = await Promise.all([
      statsLoad,
      get<TopDyads>('dyads', { min_events: MIN_EVENTS, limit: 6 }, signal),
      get<Network>('network', { limit: 6 }, signal),
      latestLoad,
      get<Trends>('trends', { limit: 6 }, signal),
    ]);
    return { stats, top, active: network.pairs, latest: latest.events, trends };
  }, []);
  const trends = data ? [...data.trends.rising, ...data.trends.collapsing] : [];
  return (
    <Status loading={loading} error={error}>
      {data && (
        <div className="overview">
          <h1>Overview</h1>
          <section aria-labelledby="db-h" className="card">
            <h2 id="db-h">In the database</h2>
            <dl className="counts">
              {(
                [
                  ['Documents', data.stats.documents],
                  ['Events', data.stats.events],
                  ['Claims', data.stats.claims],
                  ['Quotes', data.stats.quotes],
                  ['Countries', data.stats.countries],
                  ['Unknown names', data.stats.unknown_mentions],
                ] as const
              ).map(([label, n]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{fmtInt(n)}</dd>
                </div>
              ))}
            </dl>
            <p className="muted">
              {data.stats.first_published
                ? `Articles published from ${data.stats.first_published} to ${data.stats.last_published}. `
                : 'No articles yet: ingest some (blocwatch ingest) and reload. '}
              {data.stats.first_date
                ? `Event dates from ${data.stats.first_date} to ${data.stats.last_date}.`
                : ''}
            </p>
            <QuadBars counts={data.stats.by_quad} />
          </section>
          <div className="grid3">
            <section aria-labelledby="active-h" className="card">
              <h2 id="active-h">Most active dyads</h2>
              {data.active.length === 0 ? (
                <p className="muted">No events between two states yet.</p>
              ) : (
                <DyadTable dyads={data.active} caption="Most active dyads" scoreLabel="Relation" />
              )}
            </section>
            <section aria-labelledby="coop-h" className="card">
              <h2 id="coop-h">Most cooperative dyads</h2>
              <RankedTable dyads={data.top.cooperative} caption="Most cooperative dyads" />
            </section>
            <section aria-labelledby="conf-h" className="card">
              <h2 id="conf-h">Most conflictual dyads</h2>
              <RankedTable dyads={data.top.conflictual} caption="Most conflictual dyads" />
            </section>
          </div>
          <div className="grid2">
            <section aria-labelledby="latest-h" className="card">
              <h2 id="latest-h">Latest events</h2>
              <p className="small muted">Asserted and reported events, newest first.</p>
              <EventList events={data.latest} />
            </section>
            <section aria-labelledby="trends-h" className="card">
              <h2 id="trends-h">Emerging alignments</h2>
              {trends.length === 0 ? (
                <p className="muted">
                  No pair changed significantly between the latest month and the months before it (
                  {fmtInt(data.trends.tested)} pairs had enough events to test).
                </p>
              ) : (
                <ul className="plain">
                  {trends.map((t) => (
                    <li key={`${t.a}-${t.b}`} className="trend">
                      <DyadLink a={t.a} b={t.b} />{' '}
                      <span className={`badge badge-${t.direction}`}>{t.direction}</span>
                      <div className="small muted">
                        {t.earlier.cooperation_index === null ? 'n/a' : fmtScore(t.earlier.cooperation_index)}{' '}
                        → {t.later.cooperation_index === null ? 'n/a' : fmtScore(t.later.cooperation_index)}{' '}
                        since {t.since} ({t.earlier.events} → {t.later.events} events)
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </div>
      )}
    </Status>
  );
}
