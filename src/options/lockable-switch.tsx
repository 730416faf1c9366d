import { LockNote } from './lock-note';

/**
 * An on/off setting as a switch, greyed out with the lock note when the administrator's policy
 * sets it; `describedBy` names the paragraph that says what it does.
 */
export function LockableSwitch({
  id,
  label,
  checked,
  locked,
  describedBy,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  locked: boolean;
  describedBy: string;
  onChange: (checked: boolean) => void;
}) {
  const lockId = `${id}-lock`;
  return (
    <div class="switch-row">
      <input
        type="checkbox"
        role="switch"
        id={id}
        class="switch"
        checked={checked}
        disabled={locked}
        aria-describedby={locked ? `${describedBy} ${lockId}` : describedBy}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      {locked ? <LockNote id={lockId} /> : null}
    </div>
  );
}
