// Small labelled form controls: every input has a visible <label>, so tests and screen readers
// find it by name.
import { useId, useState, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  hint?: ReactNode;
}

function Field({ label, hint, id, children }: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <small className="hint">{hint}</small>}
    </div>
  );
}

export function TextField(props: FieldProps & { value: string; onChange: (v: string) => void; placeholder?: string; multiline?: boolean }) {
  const id = useId();
  return (
    <Field {...props} id={id}>
      {props.multiline ? (
        <textarea id={id} value={props.value} placeholder={props.placeholder} rows={3} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input id={id} type="text" value={props.value} placeholder={props.placeholder} onChange={(e) => props.onChange(e.target.value)} />
      )}
    </Field>
  );
}

export function NumberField(
  props: FieldProps & { value: number; onChange: (v: number) => void; min?: number; max?: number; step?: number },
) {
  const id = useId();
  return (
    <Field {...props} id={id}>
      <input
        id={id}
        type="number"
        value={Number.isFinite(props.value) ? props.value : ''}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        onChange={(e) => props.onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
      />
    </Field>
  );
}

export function CheckField(props: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="field check">
      <input id={id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <label htmlFor={id}>{props.label}</label>
      {props.hint && <small className="hint">{props.hint}</small>}
    </div>
  );
}

export function SelectField<T extends string>(
  props: FieldProps & { value: T; options: readonly (readonly [T, string])[]; onChange: (v: T) => void },
) {
  const id = useId();
  return (
    <Field {...props} id={id}>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Problems as a list naming the field of each. */
export function ProblemList({ title, problems }: { title: string; problems: readonly { path: string; message: string }[] }) {
  if (!problems.length) return null;
  return (
    <div className="problems" role="alert">
      <strong>{title}</strong>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <code>{p.path}</code> {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A destructive action that asks first: the button turns into "question? [confirm] [Cancel]". */
export function ConfirmButton(props: { label: string; question: string; confirmLabel: string; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span role="group" aria-label="Confirm delete">
      {props.question}{' '}
      <button
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {props.confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
