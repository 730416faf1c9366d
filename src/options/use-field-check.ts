import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ObjectFieldCheck } from '../lib/options-messages';
import { askOptions } from '../ui/ask-options';
import { troubleText, type Loaded } from './loaded';

export interface FieldCheckState {
  readonly check: Loaded<readonly ObjectFieldCheck[]>;
  /** The last result while a new check runs, so the page does not jump. */
  readonly last: readonly ObjectFieldCheck[] | null;
  readonly recheck: () => void;
}

/**
 * The live field check of an org (R1b): asked again whenever `version` changes (every saved
 * settings change) and when the user asks.
 */
export function useFieldCheck(orgId: string | null, version: number): FieldCheckState {
  const [check, setCheck] = useState<Loaded<readonly ObjectFieldCheck[]>>({ state: 'loading' });
  const [last, setLast] = useState<readonly ObjectFieldCheck[] | null>(null);
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    if (!orgId) return;
    let live = true;
    setCheck({ state: 'loading' });
    askOptions({ type: 'field-check', orgId }).then(
      (answer) => {
        if (!live) return;
        if (answer.ok) {
          setCheck({ state: 'ok', value: answer.objects });
          setLast(answer.objects);
        } else {
          setCheck({ state: 'error', text: troubleText(answer) });
        }
      },
      (error: unknown) => live && setCheck({ state: 'error', text: troubleText(error) }),
    );
    return () => {
      live = false;
    };
  }, [orgId, version, asked]);

  useEffect(() => setLast(null), [orgId]);

  const recheck = useCallback(() => setAsked((n) => n + 1), []);
  return { check, last, recheck };
}
