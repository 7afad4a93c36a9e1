// Small React hooks: fetch-on-change with cancellation, and the hash route.
import { useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/** Runs `load` whenever `deps` change; aborts the previous request. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true });
  const latest = useRef(load);
  latest.current = load;
  // dependencies are compared by value: a new list with the same items does not reload
  const key = JSON.stringify(deps);
  useEffect(() => {
    if (key === undefined) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    latest.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState({
            data: null,
            error: error instanceof Error ? error.message : String(error),
            loading: false,
          });
      },
    );
    return () => controller.abort();
  }, [key]);
  return state;
}

export interface Route {
  path: string[];
  params: URLSearchParams;
}

function parseHash(): Route {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const [path, search] = hash.split('?');
  return {
    path: path
      .split('/')
      .filter(Boolean)
      .map((p) => decodeURIComponent(p)),
    params: new URLSearchParams(search ?? ''),
  };
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(parseHash);
  useEffect(() => {
    const onChange = () => {
      setRoute(parseHash());
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function href(...parts: (string | number)[]): string {
  return `#/${parts.map((p) => encodeURIComponent(String(p))).join('/')}`;
}
