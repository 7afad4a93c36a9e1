// Dyad page: timeline, quad-class breakdown, claims about the pair, planned events and their
// follow-through, and the event list with evidence sentences.
import { useState } from 'react';
import { type DyadPage, get } from '../api.ts';
import { EventList, QuadBars, Score, Status } from '../components/common.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { fmtInt } from '../format.ts';
import { href, useLoad } from '../hooks.ts';
import { countryName } from '../names.ts';

export function Dyad({ a, b }: { a: string; b: string }) {
  const [period, setPeriod] = useState<'day' | 'week' | 'month' | 'quarter' | 'year'>('month');
  const { data, error, loading } = useLoad<DyadPage>(
    (signal) => get<DyadPage>(`dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, { period, limit: 100 }, signal),
    [a, b, period],
  );
  const nameA = countryName(a, data?.names);
  const nameB = countryName(b, data?.names);
  return (
    <div className="dyad">
      <h1>
        {nameA} – {nameB}
      </h1>
      <p className="muted">
        <a href={href('state', a.slice(0, 3))}>{nameA}</a> · <a href={href('state', b.slice(0, 3))}>{nameB}</a> ·{' '}
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
                  {data.totals.goldstein_mean !== null ? ` · mean Goldstein ${data.totals.goldstein_mean.toFixed(1)}` : ''}
                </p>
                <QuadBars counts={data.totals.by_quad} />
                <p className="small muted">Planned, negated and hypothetical events are listed below but not counted.</p>
              </section>
            </div>
            <div className="grid2">
              <section className="card" aria-labelledby="c-h">
                <h2 id="c-h">Claims about the pair</h2>
                {data.claims.length === 0 ? (
                  <p className="muted">No claims mention both.</p>
                ) : (
                  <div className="scroll-x">
                    <table className="table">
                      <thead>
                        <tr>
                          <th scope="col">Published</th>
                          <th scope="col">Metric</th>
                          <th scope="col" className="num">
                            Value
                          </th>
                          <th scope="col">Period</th>
                          <th scope="col">Evidence</th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.claims.map((c) => (
                          <tr key={c.id}>
                            <td>{c.published_at}</td>
                            <td>
                              {c.metric}
                              {c.relation ? ` (${c.relation})` : ''}
                            </td>
                            <td className="num">
                              {c.value === null ? '—' : `${c.direction === 'down' && c.value > 0 ? '−' : ''}${c.value}`}{' '}
                              {c.unit ?? ''}
                            </td>
                            <td>{c.period_start ? `${c.period_start} – ${c.period_end ?? ''}` : '—'}</td>
                            <td>
                              <a href={href('doc', c.doc_id)}>{c.evidence.text}</a>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
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
                        <span className={`badge badge-${f.status}`}>{f.status}</span> {f.planned.code} due by {f.window.to}:{' '}
                        <a href={`${href('doc', f.planned.doc_id ?? '')}?hl=${encodeURIComponent(f.planned.id)}`}>
                          {f.planned.evidence_text}
                        </a>
                        {f.match && (
                          <div className="small">
                            held {f.match.date}:{' '}
                            <a href={`${href('doc', f.match.doc_id ?? '')}?hl=${encodeURIComponent(f.match.id)}`}>
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
