// Network: states sized by activity, edges coloured by alignment (green cooperative, red
// conflictual), nodes coloured by bloc, with a time-window slider. Click a state for its page,
// an edge for the dyad. The same data is listed below the canvas for keyboard and screen readers.
import { UndirectedGraph } from 'graphology';
import { useEffect, useMemo, useRef, useState } from 'react';
import Sigma from 'sigma';
import { type Blocs, type BlocsWindow, get, type Network as NetworkData, type Stats } from '../api.ts';
import { DyadTable, Status } from '../components/common.tsx';
import { blocColor, scoreColor } from '../format.ts';
import { href, useLoad } from '../hooks.ts';
import { forceLayout } from '../layout.ts';
import { countryName } from '../names.ts';

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  const endY = Number(last.slice(0, 4));
  const endM = Number(last.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
    if (out.length > 1200) break;
  }
  return out;
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function Graph({ network, blocs }: { network: NetworkData; blocs: BlocsWindow | null }) {
  const box = useRef<HTMLDivElement>(null);
  const blocOf = useMemo(() => {
    const m = new Map<string, number>();
    blocs?.blocs.forEach((b, i) => {
      for (const c of b.members) m.set(c, i);
    });
    return m;
  }, [blocs]);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // states with at least one link in the window, the most active first
    const linked = new Set(network.pairs.flatMap((p) => [p.a, p.b]));
    const states = network.states.filter((s) => linked.has(s.code)).slice(0, 150);
    const ids = new Set(states.map((s) => s.code));
    const pairs = network.pairs.filter((p) => ids.has(p.a) && ids.has(p.b));
    const maxEvents = Math.max(1, ...pairs.map((p) => p.events));
    const maxActivity = Math.max(1, ...states.map((s) => s.events));
    const activity = new Map(states.map((s) => [s.code, Math.sqrt(s.events / maxActivity)]));
    const positions = forceLayout(
      states.map((s) => s.code),
      pairs.map((p) => ({ a: p.a, b: p.b, weight: p.events / maxEvents })),
      (id) => blocOf.get(id),
      (id) => activity.get(id) ?? 0,
    );
    const graph = new UndirectedGraph();
    for (const s of states) {
      const p = positions.get(s.code)!;
      graph.addNode(s.code, {
        x: p.x,
        y: p.y,
        size: 5 + 18 * Math.sqrt(s.events / maxActivity),
        label: countryName(s.code),
        color: blocColor(blocOf.get(s.code)),
      });
    }
    for (const p of pairs) {
      graph.addEdgeWithKey(`${p.a}-${p.b}`, p.a, p.b, {
        size: 1 + 6 * Math.sqrt(p.events / maxEvents),
        color: p.index >= 0 ? scoreColor(Math.max(0.35, p.index)) : scoreColor(Math.min(-0.35, p.index)),
      });
    }
    const renderer = new Sigma(graph, el, {
      enableEdgeEvents: true,
      labelRenderedSizeThreshold: 0,
      labelDensity: 1,
      labelGridCellSize: 50,
      labelSize: 13,
      labelWeight: '600',
      defaultEdgeType: 'line',
      minCameraRatio: 0.2,
      maxCameraRatio: 4,
    });
    renderer.on('clickNode', ({ node }) => {
      window.location.hash = href('state', node);
    });
    renderer.on('clickEdge', ({ edge }) => {
      const [a, b] = edge.split('-');
      window.location.hash = href('dyad', a, b);
    });
    renderer.on('enterNode', () => el.classList.add('pointer'));
    renderer.on('leaveNode', () => el.classList.remove('pointer'));
    renderer.on('enterEdge', () => el.classList.add('pointer'));
    renderer.on('leaveEdge', () => el.classList.remove('pointer'));
    return () => renderer.kill();
  }, [network, blocOf]);
  return (
    <div
      ref={box}
      className="sigma-box"
      role="img"
      aria-label="Network of states: node size is activity, edge colour is cooperation (green) or conflict (red), node colour is bloc"
      data-testid="network"
    />
  );
}

export function Network() {
  const stats = useLoad((signal) => get<Stats>('stats', {}, signal), []);
  const months = useMemo(
    () =>
      stats.data?.first_published && stats.data.last_published
        ? monthsBetween(stats.data.first_published, stats.data.last_published)
        : [],
    [stats.data],
  );
  const [range, setRange] = useState<[number, number] | null>(null);
  const lo = range ? range[0] : 0;
  const hi = range ? range[1] : Math.max(0, months.length - 1);
  const from = months.length ? `${months[lo]}-01` : undefined;
  const to = months.length ? monthEnd(months[hi]) : undefined;
  const data = useLoad(
    async (signal) => {
      // the blocs of the same range as the network drawn (one window over all of it)
      const [network, blocs] = await Promise.all([
        get<NetworkData>('network', { from, to }, signal),
        get<Blocs>('blocs', { from, to, window: 'all' }, signal),
      ]);
      return { network, blocs: blocs.windows[0] ?? null };
    },
    [from, to],
  );
  return (
    <div className="network">
      <h1>Network</h1>
      <Status loading={stats.loading} error={stats.error}>
        {months.length > 0 && (
          <fieldset className="window card">
            <legend>Time window</legend>
            <label>
              From <strong>{months[lo]}</strong>
              <input
                type="range"
                min={0}
                max={months.length - 1}
                value={lo}
                onChange={(e) => setRange([Math.min(Number(e.target.value), hi), hi])}
                aria-valuetext={months[lo]}
              />
            </label>
            <label>
              To <strong>{months[hi]}</strong>
              <input
                type="range"
                min={0}
                max={months.length - 1}
                value={hi}
                onChange={(e) => setRange([lo, Math.max(Number(e.target.value), lo)])}
                aria-valuetext={months[hi]}
              />
            </label>
          </fieldset>
        )}
      </Status>
      <Status loading={data.loading && !data.data} error={data.error}>
        {data.data && (
          <>
            <section className="card">
              {data.data.network.states.length === 0 ? (
                <p className="muted">No events between states in this window.</p>
              ) : (
                <Graph network={data.data.network} blocs={data.data.blocs} />
              )}
              <p className="small muted">
                Click a state for its page, an edge for the dyad. Edge colour:{' '}
                <span className="swatch coop" /> cooperative <span className="swatch conflict" /> conflictual.
                Node colour: bloc (grey: in no bloc).
              </p>
            </section>
            <div className="grid2">
              <section className="card" aria-labelledby="blocs-h">
                <h2 id="blocs-h">Blocs</h2>
                {!data.data.blocs || data.data.blocs.blocs.length === 0 ? (
                  <p className="muted">No bloc: too few aligned pairs in this window.</p>
                ) : (
                  <>
                    <p className="small muted">
                      {data.data.blocs.from} to {data.data.blocs.to}
                      {data.data.blocs.modularity !== null
                        ? `, signed modularity ${data.data.blocs.modularity.toFixed(2)}`
                        : ''}
                    </p>
                    <ul className="plain">
                      {data.data.blocs.blocs.map((b, i) => (
                        <li key={b.id} className="bloc">
                          <span className="swatch" style={{ background: blocColor(i) }} />
                          {b.members.map((c, j) => (
                            <span key={c}>
                              {j > 0 ? ', ' : ''}
                              <a href={href('state', c)}>{countryName(c)}</a>
                            </span>
                          ))}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </section>
              <section className="card" aria-labelledby="pairs-h">
                <h2 id="pairs-h">Strongest links</h2>
                <DyadTable
                  dyads={data.data.network.pairs.slice(0, 12)}
                  caption="Strongest links"
                  scoreLabel="Relation"
                />
              </section>
            </div>
          </>
        )}
      </Status>
    </div>
  );
}
