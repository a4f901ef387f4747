import type { ReactNode } from 'react';

/** What is wrong with one field, under it, tied to the input by aria-describedby. */
export function Problem({ id, text }: { id: string; text: string }): ReactNode {
  return text ? (
    <span id={id} className="field__problem">
      {text}
    </span>
  ) : null;
}

interface TextSettingProps {
  id: string;
  label: string;
  value: string;
  onValue(value: string): void;
  problem?: string;
  hint?: string;
  inputMode?: 'decimal' | 'numeric';
  type?: 'text' | 'date' | 'time' | 'password' | 'email';
  readOnly?: boolean;
}

export function TextSetting({ id, label, value, onValue, problem = '', hint, inputMode, type = 'text', readOnly }: TextSettingProps) {
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        inputMode={inputMode}
        readOnly={readOnly}
        aria-invalid={problem ? true : undefined}
        aria-describedby={described || undefined}
        autoComplete="off"
      />
      {hint && (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      )}
      <Problem id={`${id}-problem`} text={problem} />
    </div>
  );
}

interface ChoiceSettingProps {
  id: string;
  label: string;
  value: string;
  onValue(value: string): void;
  choices: [string, string][];
  problem?: string;
}

export function ChoiceSetting({ id, label, value, onValue, choices, problem = '' }: ChoiceSettingProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onValue(event.target.value)} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined}>
        {choices.map(([code, text]) => (
          <option key={code} value={code}>
            {text}
          </option>
        ))}
      </select>
      <Problem id={`${id}-problem`} text={problem} />
    </div>
  );
}

export function CheckSetting({ id, label, checked, onChecked }: { id: string; label: string; checked: boolean; onChecked(checked: boolean): void }) {
  return (
    <div className="field field--check">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChecked(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
