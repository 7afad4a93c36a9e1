// The dashboard shell: header navigation and hash routing to the views.
import type { ReactElement } from 'react';
import { href, useRoute } from './hooks.ts';
import { Dyad } from './views/Dyad.tsx';
import { Actors, Documents, Events } from './views/Lists.tsx';
import { MapView } from './views/MapView.tsx';
import { Network } from './views/Network.tsx';
import { Overview } from './views/Overview.tsx';
import { Reader } from './views/Reader.tsx';
import { StatePage } from './views/State.tsx';

const NAV = [
  ['', 'Overview'],
  ['network', 'Network'],
  ['map', 'Map'],
  ['events', 'Events'],
  ['docs', 'Documents'],
  ['actors', 'Actors'],
] as const;

const CODE = /^[A-Za-z0-9]{3,24}$/;

export function App() {
  const { path, params } = useRoute();
  const [view, a, b] = path;
  let body: ReactElement;
  if (view === 'dyad' && a && b && CODE.test(a) && CODE.test(b))
    body = <Dyad key={`${a}-${b}`} a={a.toUpperCase()} b={b.toUpperCase()} />;
  else if (view === 'state' && a && CODE.test(a)) body = <StatePage key={a} code={a.toUpperCase()} />;
  else if (view === 'doc' && a) body = <Reader key={a} id={a} highlight={params.get('hl')} />;
  else if (view === 'network') body = <Network />;
  else if (view === 'map') body = <MapView chosen={params.get('with')?.toUpperCase() ?? null} />;
  else if (view === 'events') body = <Events key={params.toString()} params={params} />;
  else if (view === 'docs') body = <Documents />;
  else if (view === 'actors') body = <Actors />;
  else if (!view) body = <Overview />;
  else
    body = (
      <p>
        No such page. <a href="#/">Back to the overview</a>.
      </p>
    );
  const current = view === 'dyad' || view === 'state' ? null : view === 'doc' ? 'docs' : (view ?? '');
  return (
    <>
      <button type="button" className="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header className="top">
        <a className="brand" href={href()}>
          blocwatch
        </a>
        <nav aria-label="Views">
          <ul>
            {NAV.map(([to, label]) => (
              <li key={label}>
                <a href={`#/${to}`} aria-current={current === to ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
            <li>
              <a href="docs/">API</a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {body}
      </main>
    </>
  );
}
