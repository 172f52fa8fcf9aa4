import type { ReactNode } from 'react';

/** A checkbox with its label and a help line it is described by. */
export function CheckboxField({
  id,
  label,
  help,
  checked,
  onChange,
}: {
  id: string;
  label: ReactNode;
  help: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="choice checkbox-field">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={`${id}-help`}
      />
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-help`} className="help">
        {help}
      </p>
    </div>
  );
}
