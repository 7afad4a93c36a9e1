// Small shared pieces: loading/error states, quad-class bars, event rows with evidence.
import type { ReactNode } from 'react';
import type { EventRecord, QuadCounts } from '../api.ts';
import { fmtInt, fmtScore, QUAD_COLORS, QUAD_LABELS, scoreColor } from '../format.ts';
import { href } from '../hooks.ts';
import { countryName } from '../names.ts';

export function Status({
  loading,
  error,
  children,
}: {
  loading: boolean;
  error: string | null;
  children?: ReactNode;
}) {
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (loading)
    return (
      <p className="muted" aria-live="polite">
        Loading…
      </p>
    );
  return <>{children}</>;
}

export function Score({ value }: { value: number | null }) {
  if (value === null) return <span className="score muted">n/a</span>;
  return (
    <span
      className="score"
      style={{ background: scoreColor(value), color: Math.abs(value) > 0.55 ? '#fff' : '#222' }}
    >
      {fmtScore(value)}
    </span>
  );
}

export function QuadBars({ counts }: { counts: QuadCounts | number[] }) {
  const quad = Array.isArray(counts) ? counts : [counts['1'], counts['2'], counts['3'], counts['4']];
  const total = quad.reduce((a, b) => a + b, 0) || 1;
  return (
    <div className="quad-bars">
      {quad.map((n, i) => (
        <div className="quad-row" key={QUAD_LABELS[i]}>
          <span className="quad-label">{QUAD_LABELS[i]}</span>
          <span className="quad-track">
            <span
              className="quad-fill"
              style={{ width: `${(100 * n) / total}%`, background: QUAD_COLORS[i] }}
            />
          </span>
          <span className="quad-n">{fmtInt(n)}</span>
        </div>
      ))}
    </div>
  );
}

export function ActorLabel({ code, name }: { code: string | null; name: string | null }) {
  if (!code) return <span className="muted">—</span>;
  return (
    <span className="actor" title={code}>
      {name || countryName(code)} <span className="code">{code}</span>
    </span>
  );
}

export function ModalityBadge({ modality }: { modality: string }) {
  return <span className={`badge badge-${modality}`}>{modality}</span>;
}

export function EventItem({ e, showDoc = true }: { e: EventRecord; showDoc?: boolean }) {
  return (
    <li className="event">
      <div className="event-head">
        <span className="date">{e.date}</span>
        <ActorLabel code={e.source} name={e.source_name} />
        <span aria-hidden="true">→</span>
        <ActorLabel code={e.target} name={e.target_name} />
        <span
          className="cameo"
          title={`CAMEO ${e.code}, quad class ${e.quad_class}, Goldstein ${e.goldstein}`}
        >
          <span className={`quad-dot q${e.quad_class}`} aria-hidden="true" />
          {e.code}
        </span>
        <ModalityBadge modality={e.modality} />
      </div>
      <blockquote className="evidence">{e.evidence.text}</blockquote>
      <div className="small event-links">
        {showDoc && e.doc_id ? (
          <a href={`${href('doc', e.doc_id)}?hl=${encodeURIComponent(e.id)}`}>Open document</a>
        ) : null}
        {e.target_country && e.source_country && e.target_country !== e.source_country ? (
          <a href={href('dyad', e.source_country, e.target_country)}>
            {countryName(e.source_country)} – {countryName(e.target_country)} dyad
          </a>
        ) : null}
        <span className="muted">
          rule {e.rule} · published {e.published_at}
        </span>
      </div>
    </li>
  );
}

export function EventList({ events, empty }: { events: EventRecord[]; empty?: string }) {
  if (events.length === 0) return <p className="muted">{empty ?? 'No events.'}</p>;
  return (
    <ul className="events">
      {events.map((e) => (
        <EventItem key={e.id} e={e} />
      ))}
    </ul>
  );
}

/** A pair of states with its event count and a score in [-1, 1]. */
export interface ScoredDyad {
  a: string;
  b: string;
  events: number;
  index: number | null;
}

/** A table of dyads: the pair (linking to its page), its events and its score. */
export function DyadTable({
  dyads,
  caption,
  scoreLabel = 'Index',
}: {
  dyads: ScoredDyad[];
  caption: string;
  scoreLabel?: string;
}) {
  return (
    <table className="table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Dyad</th>
          <th scope="col" className="num">
            Events
          </th>
          <th scope="col" className="num">
            {scoreLabel}
          </th>
        </tr>
      </thead>
      <tbody>
        {dyads.map((d) => (
          <tr key={`${d.a}-${d.b}`}>
            <td>
              <DyadLink a={d.a} b={d.b} />
            </td>
            <td className="num">{fmtInt(d.events)}</td>
            <td className="num">
              <Score value={d.index} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DyadLink({ a, b, names }: { a: string; b: string; names?: Record<string, string> }) {
  return (
    <a href={href('dyad', a, b)}>
      {countryName(a, names)} – {countryName(b, names)}
    </a>
  );
}
