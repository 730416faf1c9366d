import { useEffect, useState } from 'preact/hooks';
import type { PersonRecordView, UnsubscribeListItem } from '../lib/options-messages';
import { askOptions } from '../ui/ask-options';
import { troubleText, type Loaded } from './loaded';

/**
 * The records whose unsubscribes Remove takes back together with this one (R6): the person's,
 * as the extension holds them when the dialog opens.
 */
export function usePersonRecords(item: UnsubscribeListItem): Loaded<readonly PersonRecordView[]> {
  const [records, setRecords] = useState<Loaded<readonly PersonRecordView[]>>({
    state: 'loading',
  });
  const { orgId, recordId } = item;
  useEffect(() => {
    let live = true;
    askOptions({ type: 'unsubscribe-person', orgId, recordId }).then(
      (answer) => {
        if (!live) return;
        setRecords(
          answer.ok
            ? { state: 'ok', value: answer.records }
            : { state: 'error', text: troubleText(answer) },
        );
      },
      (error: unknown) => live && setRecords({ state: 'error', text: troubleText(error) }),
    );
    return () => {
      live = false;
    };
  }, [orgId, recordId]);
  return records;
}
