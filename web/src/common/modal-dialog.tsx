import { useLayoutEffect, useRef, type ReactNode } from 'react';

interface ModalDialogProps {
  labelledBy: string;
  onClose(): void;
  children: ReactNode;
}

/**
 * A native modal dialog: the page behind is inert (so focus stays inside) and Escape closes it.
 * Opened in a layout effect, so that the contents' own effects (focusing a field) run after it.
 */
export function ModalDialog({ labelledBy, onClose, children }: ModalDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={labelledBy}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
