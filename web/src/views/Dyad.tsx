// Dyad page: timeline, quad-class breakdown, claims about the pair, planned events and their
// follow-through, and the event list with evidence sentences.
import { useState } from 'react';
import { type DyadPage, get } from '../api.ts';
import { EventList, QuadBars, Score, Status } from '../components/common.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { fmtInt, fmtValue } from '../format.ts';
import { href, useLoad } from '../hooks.ts';
import { countryName } from '../names.ts';

export function Dyad({ a, b }: { a: string; b: string }) {
  const [period, setPeriod] = useState<'day' | 'week' | 'month' | 'quarter' | 'year'>('month');
  const { data, error, loading } = useLoad<DyadPage>(
    (signal) =>
      get<DyadPage>(
        `dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`,
        { period, limit: 100 },
        signal,
      ),
    [a, b, period],
  );
  const nameA = countryName(a);
  const nameB = countryName(b);
  return (
    <div className="dyad">
      <h1>
        {nameA} – {nameB}
      </h1>
      <p className="muted">
        <a href={href('state', a.slice(0, 3))}>{nameA}</a> ·{' '}
        <a href={href('state', b.slice(0, 3))}>{nameB}</a> ·{' '}
        <a href={`#/map?with=${encodeURIComponent(a.slice(0, 3))}`}>map for {nameA}</a>
      </p>
      <Status loading={loading} error={error}>
        {data && (
          <>
            <div className="grid2">
              <section className="card" aria-labelledby="tl-h">
                <div className="row-between">
                  <h2 id="tl-h">Cooperation and conflict</h2>
                  <label className="small">
                    Period{' '}
                    <select value={period} onChange={(e) => setPeriod(e.target.value as typeof period)}>
                      {['day', 'week', 'month', 'quarter', 'year'].map((p) => (
                        <option key={p} value={p}>
                          {p}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
                <Timeline
                  series={data.periods}
                  label={`Cooperative and conflictual events between ${nameA} and ${nameB} per ${period}`}
                />
              </section>
              <section className="card" aria-labelledby="q-h">
                <h2 id="q-h">Quad classes</h2>
                <p>
                  {fmtInt(data.totals.events)} counted events · cooperation index{' '}
                  <Score value={data.totals.cooperation_index} />
                  {data.totals.goldstein_mean !== null
                    ? ` · mean Goldstein ${data.totals.goldstein_mean.toFixed(1)}`
                    : ''}
                </p>
                <QuadBars counts={data.totals.by_quad} />
                <p className="small muted">
                  Planned, negated and hypothetical events are listed below but not counted.
                </p>
              </section>
            </div>
            <div className="grid2">
              <section className="card" aria-labelledby="c-h">
                <h2 id="c-h">Claims about the pair</h2>
                {data.claims.length === 0 ? (
                  <p className="muted">No claims mention both.</p>
                ) : (
                  <ul className="plain claims">
                    {data.claims.map((c) => (
                      <li key={c.id}>
                        <div className="claim-head">
                          <span className="date">{c.published_at}</span>{' '}
                          <strong>{c.metric.replace(/_/g, ' ')}</strong>
                          {c.relation ? <span className="badge">{c.relation}</span> : null}
                          {c.value !== null ? (
                            <span className="claim-value">
                              {c.direction === 'down' ? '▼ ' : c.direction === 'up' ? '▲ ' : ''}
                              {fmtValue(c.value)} {c.unit ?? ''}
                            </span>
                          ) : null}
                          {c.period_start ? (
                            <span className="muted small">
                              {c.period_start === c.period_end
                                ? c.period_start
                                : `${c.period_start} – ${c.period_end ?? ''}`}
                            </span>
                          ) : null}
                        </div>
                        <a className="evidence-link" href={href('doc', c.doc_id)}>
                          {c.evidence.text}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section className="card" aria-labelledby="f-h">
                <h2 id="f-h">Planned events and follow-through</h2>
                {data.followups.items.length === 0 ? (
                  <p className="muted">No planned events between them.</p>
                ) : (
                  <ul className="plain">
                    {data.followups.items.map((f) => (
                      <li key={f.planned.id} className="followup">
                        <span className={`badge badge-${f.status}`}>{f.status}</span> {f.planned.code} due by{' '}
                        {f.window.to}:{' '}
                        <a
                          href={`${href('doc', f.planned.doc_id ?? '')}?hl=${encodeURIComponent(f.planned.id)}`}
                        >
                          {f.planned.evidence_text}
                        </a>
                        {f.match && (
                          <div className="small">
                            held {f.match.date}:{' '}
                            <a
                              href={`${href('doc', f.match.doc_id ?? '')}?hl=${encodeURIComponent(f.match.id)}`}
                            >
                              {f.match.evidence_text}
                            </a>
                          </div>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
            <section className="card" aria-labelledby="e-h">
              <h2 id="e-h">Events ({fmtInt(data.events.length)} most recent)</h2>
              <EventList events={data.events} />
            </section>
          </>
        )}
      </Status>
    </div>
  );
}
