import type { TFunction } from 'i18next';
import type { ExtraParam } from '../../../shared/providers/provider-schema';
import { Field } from '../../components/Field';
import { useVendorText } from '../../i18n/vendor-text';

/** Problems with a vendor's extra parameters (audience, organisation code, tenant URIs), by field. */
export function extraParamErrors(
  params: ExtraParam[],
  values: Record<string, string>,
  t: TFunction,
  /** The field's label in the UI language (useVendorText().paramLabel). */
  labelOf: (param: ExtraParam) => string = (param) => param.label,
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const param of params) {
    const value = (values[param.name] ?? '').trim();
    if (param.required && !value)
      found[`param.${param.name}`] = t('appForm.errors.required', { field: labelOf(param) });
    // A host ("auth.tenant.chimpy.app") or a full address: main makes it https://host.
    else if (value && param.isUrl && !/^(https?:\/\/)?[^\s/?#]+(\/\S*)?$/i.test(value))
      found[`param.${param.name}`] = t('appForm.errors.url');
  }
  return found;
}

/** One labelled field per extra parameter, with the vendor's help text and its error. */
export function ExtraParamFields({
  providerId,
  params,
  values,
  errors,
  onChange,
}: {
  /** Whose fields these are: a built-in vendor's labels and help come in the UI language. */
  providerId: string;
  params: ExtraParam[];
  values: Record<string, string>;
  errors: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}) {
  const vendorText = useVendorText();
  return params.map((param) => (
    <Field
      key={param.name}
      label={vendorText.paramLabel(providerId, param)}
      help={vendorText.paramHelp(providerId, param) || undefined}
      error={errors[`param.${param.name}`]}
      required={param.required}
    >
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="text"
          inputMode={param.isUrl ? 'url' : undefined}
          value={values[param.name] ?? ''}
          onChange={(e) => onChange({ ...values, [param.name]: e.target.value })}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          aria-required={param.required || undefined}
          spellCheck={false}
        />
      )}
    </Field>
  ));
}
