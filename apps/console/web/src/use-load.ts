import { useEffect, useState } from 'preact/hooks';
import { KeyRefusedError } from './operator-key';

export type Loaded<T> = { data?: T; error?: string; loading: boolean };

/** Loads once per change of `deps`; a refused key sends the page back to the key form. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
  onRefused: () => void,
): Loaded<T> & { reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => {
        if (error instanceof KeyRefusedError) onRefused();
        else if (live) setState({ error: error.message, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}
