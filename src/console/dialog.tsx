import { useEffect, useId, useRef, type ReactNode } from "react";

/**
 * A modal dialog (the browser's own <dialog>: focus stays inside, Esc closes it, a screen reader
 * announces its title). Rendered only while open; closing returns focus to what opened it.
 */
export function Dialog(props: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={`${id}-title`}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}

/**
 * "Are you sure?" for a destructive action: says what will happen, in words, before it happens.
 * The error of a refused action stays inside the dialog, next to the buttons.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
  pending?: boolean;
  error?: string | null;
}) {
  return (
    <Dialog title={props.title} onClose={props.onCancel}>
      <div className="dialog-body">{props.children}</div>
      {props.error && (
        <p className="error" role="alert">
          {props.error}
        </p>
      )}
      <div className="row dialog-actions">
        <button type="button" onClick={props.onConfirm} disabled={props.pending}>
          {props.confirm}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Thôi, không làm
        </button>
      </div>
    </Dialog>
  );
}
