// Browsable lists: documents, events (with filters) and actors including unknown names.
import { useState } from 'react';
import { type DocumentMeta, type EventRecord, get, query } from '../api.ts';
import { EventList, Status } from '../components/common.tsx';
import { fmtInt } from '../format.ts';
import { href, useLoad } from '../hooks.ts';

export function Documents() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const { data, error, loading } = useLoad(
    (signal) =>
      get<{ documents: DocumentMeta[]; next_cursor: string | null }>(
        'documents',
        { limit: 50, cursor },
        signal,
      ),
    [cursor],
  );
  return (
    <div>
      <h1>Documents</h1>
      <Status loading={loading} error={error}>
        {data && (
          <section className="card">
            <ul className="plain docs">
              {data.documents.map((d) => (
                <li key={d.id}>
                  <a href={href('doc', d.id)}>{d.title || d.id}</a>
                  <div className="small muted">
                    {d.published_at}
                    {d.source ? ` · ${d.source}` : ''} · {fmtInt(d.events ?? 0)} events
                  </div>
                </li>
              ))}
            </ul>
            <Pager
              back={cursors.length > 1 ? () => setCursors(cursors.slice(0, -1)) : null}
              next={data.next_cursor ? () => setCursors([...cursors, data.next_cursor]) : null}
            />
          </section>
        )}
      </Status>
    </div>
  );
}

function Pager({ back, next }: { back: (() => void) | null; next: (() => void) | null }) {
  return (
    <div className="pager">
      <button type="button" onClick={back ?? undefined} disabled={!back}>
        ← Newer
      </button>
      <button type="button" onClick={next ?? undefined} disabled={!next}>
        Older →
      </button>
    </div>
  );
}

const FILTERS = ['actor', 'pair', 'code', 'quad', 'modality', 'from', 'to', 'q'] as const;

export function Events({ params }: { params: URLSearchParams }) {
  const filters: Record<string, string> = {};
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) filters[f] = v;
  }
  const key = JSON.stringify(filters);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const { data, error, loading } = useLoad(
    (signal) =>
      get<{ events: EventRecord[]; next_cursor: string | null }>(
        'events',
        { ...filters, limit: 50, cursor },
        signal,
      ),
    [key, cursor],
  );
  const submit = (form: HTMLFormElement) => {
    const next: Record<string, string> = {};
    for (const f of FILTERS) {
      const v = (new FormData(form).get(f) as string | null)?.trim();
      if (v) next[f] = v;
    }
    setCursors([null]);
    window.location.hash = `#/events${query(next)}`;
  };
  return (
    <div>
      <h1>Events</h1>
      <form
        className="card filters"
        onSubmit={(e) => {
          e.preventDefault();
          submit(e.currentTarget);
        }}
      >
        {FILTERS.map((f) => (
          <label key={f}>
            {f}
            <input name={f} defaultValue={filters[f] ?? ''} placeholder={PLACEHOLDERS[f]} />
          </label>
        ))}
        <button type="submit">Filter</button>
        <a className="small" href={`api/events${query({ ...filters, format: 'csv' })}`} download>
          Download CSV
        </a>
      </form>
      <Status loading={loading} error={error}>
        {data && (
          <section className="card">
            <EventList events={data.events} empty="No events match." />
            <Pager
              back={cursors.length > 1 ? () => setCursors(cursors.slice(0, -1)) : null}
              next={data.next_cursor ? () => setCursors([...cursors, data.next_cursor]) : null}
            />
          </section>
        )}
      </Status>
    </div>
  );
}

const PLACEHOLDERS: Record<string, string> = {
  actor: 'IRN',
  pair: 'IRN,RUS',
  code: '04',
  quad: '1,2',
  modality: 'planned',
  from: 'YYYY-MM-DD',
  to: 'YYYY-MM-DD',
  q: 'text',
};

interface ActorsData {
  actors: { code: string; name: string; country: string; sector: string; events: number }[];
  unknown: { text: string; mentions: number; documents: number }[];
}

export function Actors() {
  const { data, error, loading } = useLoad((signal) => get<ActorsData>('actors', { limit: 200 }, signal), []);
  return (
    <div>
      <h1>Actors</h1>
      <Status loading={loading} error={error}>
        {data && (
          <div className="grid2">
            <section className="card">
              <h2>Known actors</h2>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Code</th>
                    <th scope="col">Name</th>
                    <th scope="col" className="num">
                      Events
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.actors.map((a) => (
                    <tr key={a.code}>
                      <td>
                        <a href={`#/events?actor=${encodeURIComponent(a.code)}`} className="code">
                          {a.code}
                        </a>
                      </td>
                      <td>{a.name}</td>
                      <td className="num">{fmtInt(a.events)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="card">
              <h2>Unknown names</h2>
              <p className="small muted">
                Proper names no knowledge-base entry matched; add them to a --kb file.
              </p>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col" className="num">
                      Mentions
                    </th>
                    <th scope="col" className="num">
                      Documents
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.unknown.map((u) => (
                    <tr key={u.text}>
                      <td>{u.text}</td>
                      <td className="num">{fmtInt(u.mentions)}</td>
                      <td className="num">{fmtInt(u.documents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        )}
      </Status>
    </div>
  );
}
