// Map: every country coloured by its alignment with a chosen state (d3-geo + world-atlas 110m).
import { geoEqualEarth, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { useMemo } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import { type AlignmentResult, get, type Network } from '../api.ts';
import { Status } from '../components/common.tsx';
import { fmtScore, scoreColor } from '../format.ts';
import { href, useLoad } from '../hooks.ts';
import { countryName, numericToAlpha3 } from '../names.ts';

const WIDTH = 960;
const HEIGHT = 500;

const topology = world as unknown as Topology<{ countries: GeometryCollection }>;
const countries = feature(topology, topology.objects.countries) as FeatureCollection<
  Geometry,
  { name: string }
>;
const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], countries);
const path = geoPath(projection);
const SHAPES = countries.features.map((f: Feature<Geometry, { name: string }>, i) => ({
  key: `${f.id ?? 'x'}-${i}`,
  code: numericToAlpha3(f.id as string | undefined),
  name: f.properties?.name ?? '',
  d: path(f) ?? '',
}));

export function MapView({ chosen }: { chosen: string | null }) {
  const all = useLoad((signal) => get<Network>('network', { limit: 1 }, signal), []);
  const state = chosen ?? all.data?.states[0]?.code ?? null;
  const data = useLoad(
    (signal) =>
      state
        ? get<AlignmentResult>('alignment', { a: state, limit: 1000 }, signal)
        : Promise.resolve<AlignmentResult | null>(null),
    [state],
  );
  const scores = useMemo(() => {
    const m = new Map<string, { score: number; events: number }>();
    for (const p of data.data?.partners ?? []) {
      if (p.alignment === null) continue;
      m.set(p.a === state ? p.b : p.a, { score: p.alignment, events: p.events });
    }
    return m;
  }, [data.data, state]);
  const setState = (code: string) => {
    window.location.hash = `#/map?with=${encodeURIComponent(code)}`;
  };
  return (
    <div className="map">
      <h1>Map{state ? `: alignment with ${countryName(state)}` : ''}</h1>
      <Status loading={all.loading} error={all.error}>
        {all.data && all.data.states.length === 0 && <p className="muted">No events between states yet.</p>}
        {all.data && all.data.states.length > 0 && (
          <label className="card inline">
            State{' '}
            <select value={state ?? ''} onChange={(e) => setState(e.target.value)}>
              {all.data.states.map((s) => (
                <option key={s.code} value={s.code}>
                  {countryName(s.code)} ({s.events})
                </option>
              ))}
            </select>
          </label>
        )}
      </Status>
      <section className="card">
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          className="world"
          aria-label={state ? `World map coloured by alignment with ${countryName(state)}` : 'World map'}
          data-testid="map"
        >
          {SHAPES.map((s) => {
            const info = s.code ? scores.get(s.code) : undefined;
            const isChosen = s.code === state;
            const fill = isChosen ? '#1d3557' : info ? scoreColor(info.score) : '#f3f3f1';
            const label = `${s.name}${info ? `: ${fmtScore(info.score)} (${info.events} events)` : isChosen ? ' (chosen)' : ': no events'}`;
            const shape = (
              <path
                key={s.key}
                d={s.d}
                fill={fill}
                stroke="#9a9a9a"
                strokeWidth={0.4}
                className={info ? 'country has-data' : 'country'}
              >
                <title>{label}</title>
              </path>
            );
            // countries with a score are links to the dyad (keyboard reachable)
            return info && state && s.code ? (
              <a key={s.key} href={href('dyad', state, s.code)} aria-label={label}>
                {shape}
              </a>
            ) : (
              shape
            );
          })}
        </svg>
        <div className="legend-bar small" aria-hidden="true">
          <span>conflict −1</span>
          <span className="gradient" />
          <span>+1 cooperation</span>
        </div>
      </section>
      <Status loading={data.loading} error={data.error}>
        {state && (
          <section className="card">
            <h2>Partners of {countryName(state)}</h2>
            {data.data && <p className="small muted">{data.data.formula}</p>}
            {scores.size === 0 ? (
              <p className="muted">No partner with enough events for an alignment score.</p>
            ) : (
              <ul className="plain columns">
                {[...scores]
                  .sort((x, y) => y[1].events - x[1].events)
                  .map(([code, info]) => (
                    <li key={code}>
                      <span className="swatch" style={{ background: scoreColor(info.score) }} />
                      <a href={href('dyad', state, code)}>{countryName(code)}</a>{' '}
                      <span className="small muted">
                        {fmtScore(info.score)}, {info.events} events
                      </span>
                    </li>
                  ))}
              </ul>
            )}
          </section>
        )}
      </Status>
    </div>
  );
}
