import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/**
 * Loads data with `load(signal)` whenever `deps` change; {data, error, loading, reload}. A reload keeps showing the
 * previous data until the new answer arrives; an answer for outdated deps is dropped.
 */
export function useAsync(load, deps) {
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (data) => mine === generation.current && setState({ data, error: null, loading: false }),
      (error) => {
        if (error?.name === 'AbortError' || mine !== generation.current) return;
        setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return controller;
  }, deps);
  useEffect(() => {
    const controller = run();
    return () => {
      generation.current++;
      controller.abort();
    };
  }, [run]);
  return { ...state, reload: run };
}

/** Calls `tick` every `ms` while the page is visible. */
export function useInterval(tick, ms) {
  const saved = useRef(tick);
  saved.current = tick;
  useEffect(() => {
    if (!ms) return undefined;
    const id = setInterval(() => document.visibilityState === 'visible' && saved.current(), ms);
    return () => clearInterval(id);
  }, [ms]);
}

/**
 * Runs a change (`action` returns a promise) with {busy, error}: `busy` while it is in flight (disable the controls),
 * `error` its failure, cleared on the next run.
 */
export function useAction() {
  const [state, setState] = useState({ busy: false, error: null });
  const run = useCallback(async (action) => {
    setState({ busy: true, error: null });
    try {
      const result = await action();
      setState({ busy: false, error: null });
      return result;
    } catch (error) {
      setState({ busy: false, error });
      return undefined;
    }
  }, []);
  const clear = useCallback(() => setState({ busy: false, error: null }), []);
  return { ...state, run, clear };
}
