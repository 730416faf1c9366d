import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A modal `<dialog>`: opened when mounted, so focus moves into it and Escape closes it; the
 * browser gives focus back to the button that opened it.
 */
export function Modal({
  labelledBy,
  onClose,
  children,
  testId,
}: {
  labelledBy: string;
  onClose: () => void;
  children: ComponentChildren;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Closing it on unmount fires `close` later: that one is not the user's.
  const unmounted = useRef(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      unmounted.current = true;
      dialog?.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class="modal"
      aria-labelledby={labelledBy}
      onClose={() => unmounted.current || onClose()}
      data-testid={testId}
    >
      {children}
    </dialog>
  );
}
