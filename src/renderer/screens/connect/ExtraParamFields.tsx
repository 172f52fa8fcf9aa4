import type { TFunction } from 'i18next';
import type { ExtraParam } from '../../../shared/providers/provider-schema';
import { Field } from '../../components/Field';

/** Problems with a vendor's extra parameters (audience, organisation code, tenant URIs), by field. */
export function extraParamErrors(
  params: ExtraParam[],
  values: Record<string, string>,
  t: TFunction,
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const param of params) {
    const value = (values[param.name] ?? '').trim();
    if (param.required && !value)
      found[`param.${param.name}`] = t('appForm.errors.required', { field: param.label });
    // A host ("auth.tenant.chimpy.app") or a full address: main makes it https://host.
    else if (value && param.isUrl && !/^(https?:\/\/)?[^\s/?#]+(\/\S*)?$/i.test(value))
      found[`param.${param.name}`] = t('appForm.errors.url');
  }
  return found;
}

/** One labelled field per extra parameter, with the vendor's help text and its error. */
export function ExtraParamFields({
  params,
  values,
  errors,
  onChange,
}: {
  params: ExtraParam[];
  values: Record<string, string>;
  errors: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}) {
  return params.map((param) => (
    <Field
      key={param.name}
      label={param.label}
      help={param.help || undefined}
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
