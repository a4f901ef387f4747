import type { ComponentPropsWithRef } from 'react';

type InputProps = Omit<ComponentPropsWithRef<'input'>, 'id' | 'value' | 'onChange'>;

export interface LabelledFieldProps extends InputProps {
  /** ties the label to the input, so screen readers and browser tests find the field by its label */
  id: string;
  label: string;
  value: string;
  onValueChange(value: string): void;
  /** modifiers of the field wrapper, e.g. 'field--grow' */
  fieldClassName?: string;
}

/** A labelled text input in the field layout of UI.md; `ref` reaches the input itself. */
export function LabelledField({ id, label, value, onValueChange, fieldClassName, ...input }: LabelledFieldProps) {
  return (
    <div className={fieldClassName ? `field ${fieldClassName}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(event) => onValueChange(event.target.value)} {...input} />
    </div>
  );
}

/** A field a barcode scanner types into: no autocomplete suggestions, barcode type. */
export function BarcodeField(props: LabelledFieldProps) {
  return <LabelledField className="input--barcode" autoComplete="off" {...props} />;
}
