// Document reader: the article text with events, claims, quotes and unknown names highlighted;
// each annotation lists its code, actors, date, modality and the rule that fired. Text is always
// rendered as text (React escapes it), never as HTML.
import { useEffect, useMemo, useState } from 'react';
import { type DocumentPage, get } from '../api.ts';
import { ActorLabel, ModalityBadge, Status } from '../components/common.tsx';
import { QUAD_SHORT } from '../format.ts';
import { href, useLoad } from '../hooks.ts';

type Kind = 'event' | 'claim' | 'quote' | 'unknown';

interface Annotation {
  key: string;
  kind: Kind;
  start: number;
  end: number;
}

interface Segment {
  start: number;
  end: number;
  keys: string[];
}

/** Cuts the text at every annotation boundary; each piece knows which annotations cover it. */
export function segment(length: number, annotations: readonly Annotation[]): Segment[] {
  const valid = annotations.filter((a) => a.start >= 0 && a.end > a.start && a.end <= length);
  const cuts = new Set<number>([0, length]);
  for (const a of valid) {
    cuts.add(a.start);
    cuts.add(a.end);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const end = points[i + 1];
    const keys = valid.filter((a) => a.start <= start && a.end >= end).map((a) => a.key);
    out.push({ start, end, keys });
  }
  return out;
}

export function Reader({ id, highlight }: { id: string; highlight: string | null }) {
  const { data, error, loading } = useLoad<DocumentPage>(
    (signal) => get<DocumentPage>(`documents/${encodeURIComponent(id)}`, {}, signal),
    [id],
  );
  const [active, setActive] = useState<string | null>(highlight);
  useEffect(() => setActive(highlight), [highlight]);

  const annotations = useMemo<Annotation[]>(() => {
    if (!data) return [];
    return [
      ...data.events.map((e) => ({
        key: `event:${e.id}`,
        kind: 'event' as const,
        start: e.evidence.start,
        end: e.evidence.end,
      })),
      ...data.claims.map((c) => ({
        key: `claim:${c.id}`,
        kind: 'claim' as const,
        start: c.evidence.start,
        end: c.evidence.end,
      })),
      ...data.quotes.map((q) => ({
        key: `quote:${q.id}`,
        kind: 'quote' as const,
        start: q.evidence.start,
        end: q.evidence.end,
      })),
      ...data.unknown.map((u, i) => ({
        key: `unknown:${i}`,
        kind: 'unknown' as const,
        start: u.start,
        end: u.end,
      })),
    ];
  }, [data]);
  const kinds = useMemo(() => new Map(annotations.map((a) => [a.key, a.kind])), [annotations]);
  const segments = useMemo(
    () => (data ? segment(data.document.text.length, annotations) : []),
    [data, annotations],
  );
  const activeKey = active && !active.includes(':') ? `event:${active}` : active;

  useEffect(() => {
    if (!activeKey || !data) return;
    const el = document.querySelector(`[data-first="${CSS.escape(activeKey)}"]`);
    el?.scrollIntoView({ block: 'center', behavior: 'auto' });
  }, [activeKey, data]);

  const firstOf = new Set<string>();
  return (
    <Status loading={loading} error={error}>
      {data && (
        <div className="reader">
          <article className="card doc" aria-labelledby="doc-title">
            <h1 id="doc-title">{data.document.title || data.document.id}</h1>
            <p className="muted small">
              {data.document.published_at}
              {data.document.source ? ` · ${data.document.source}` : ''}
              {data.document.url ? (
                <>
                  {' · '}
                  <a href={data.document.url} rel="noopener noreferrer nofollow" target="_blank">
                    original
                  </a>
                </>
              ) : null}
            </p>
            <p className="legend small">
              <mark className="hl hl-event">event</mark> <mark className="hl hl-claim">claim</mark>{' '}
              <mark className="hl hl-quote">quote</mark> <mark className="hl hl-unknown">unknown name</mark>
            </p>
            <div className="doc-text" data-testid="doc-text">
              {segments.map((s) => {
                const piece = data.document.text.slice(s.start, s.end);
                if (s.keys.length === 0) return <span key={s.start}>{piece}</span>;
                const classes = new Set(s.keys.map((k) => `hl-${kinds.get(k)}`));
                const first = s.keys.find((k) => !firstOf.has(k));
                if (first) firstOf.add(first);
                for (const k of s.keys) firstOf.add(k);
                return (
                  // biome-ignore lint/a11y/useKeyWithClickEvents: a mouse shortcut; the annotation buttons beside the text do the same from the keyboard
                  <mark
                    key={s.start}
                    className={`hl ${[...classes].join(' ')}${activeKey && s.keys.includes(activeKey) ? ' active' : ''}`}
                    data-keys={s.keys.join(' ')}
                    data-first={first}
                    onClick={() => setActive(s.keys[s.keys.length - 1])}
                  >
                    {piece}
                  </mark>
                );
              })}
            </div>
          </article>
          <aside className="card annotations" aria-label="Annotations">
            <h2>Events ({data.events.length})</h2>
            <ul className="plain">
              {data.events.map((e) => (
                <li key={e.id}>
                  <button
                    type="button"
                    className={`ann${activeKey === `event:${e.id}` ? ' active' : ''}`}
                    aria-pressed={activeKey === `event:${e.id}`}
                    onClick={() => setActive(`event:${e.id}`)}
                  >
                    <span className="ann-line">
                      <strong>{e.code}</strong> <span className="muted">{QUAD_SHORT[e.quad_class - 1]}</span>{' '}
                      <ModalityBadge modality={e.modality} />
                    </span>
                    <span className="ann-line">
                      <ActorLabel code={e.source} name={e.source_name} /> →{' '}
                      <ActorLabel code={e.target} name={e.target_name} />
                    </span>
                    <span className="ann-line small muted">
                      {e.date} ({e.date_precision}) · rule {e.rule}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {data.claims.length > 0 && <h2>Claims ({data.claims.length})</h2>}
            <ul className="plain">
              {data.claims.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className={`ann${activeKey === `claim:${c.id}` ? ' active' : ''}`}
                    aria-pressed={activeKey === `claim:${c.id}`}
                    onClick={() => setActive(`claim:${c.id}`)}
                  >
                    <span className="ann-line">
                      <strong>{c.metric}</strong> {c.value ?? ''} {c.unit ?? ''} {c.direction ?? ''}
                    </span>
                    <span className="ann-line small">{c.actors.join(', ')}</span>
                    <span className="ann-line small muted">
                      {c.period_start ? `${c.period_start} – ${c.period_end ?? ''} · ` : ''}rule {c.rule}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {data.quotes.length > 0 && <h2>Quotes ({data.quotes.length})</h2>}
            <ul className="plain">
              {data.quotes.map((q) => (
                <li key={q.id}>
                  <button
                    type="button"
                    className={`ann${activeKey === `quote:${q.id}` ? ' active' : ''}`}
                    aria-pressed={activeKey === `quote:${q.id}`}
                    onClick={() => setActive(`quote:${q.id}`)}
                  >
                    <span className="ann-line">
                      <strong>{q.speaker ?? 'unattributed'}</strong>{' '}
                      {q.speaker_role ? <span className="muted">{q.speaker_role}</span> : null}
                    </span>
                    <span className="ann-line small muted">
                      {q.direct ? 'direct' : 'indirect'} · rule {q.rule}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {data.unknown.length > 0 && (
              <>
                <h2>Unknown names ({data.unknown.length})</h2>
                <p className="small muted">
                  Names no knowledge-base entry matched; see <a href={href('actors')}>actors</a>.
                </p>
                <ul className="plain chips">
                  {data.unknown.map((u, i) => (
                    <li key={`${u.start}-${u.end}`}>
                      <button type="button" className="chip" onClick={() => setActive(`unknown:${i}`)}>
                        {u.text}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </aside>
        </div>
      )}
    </Status>
  );
}
