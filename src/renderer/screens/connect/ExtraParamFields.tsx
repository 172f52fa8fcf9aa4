import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ExtraParam } from '../../../shared/providers/provider-schema';
import { Field } from '../../components/Field';
import { tenantUrlProblem } from '../../../shared/providers/tenant-url';

/** A built-in vendor's field in the vendor's own words (wizard.params.<vendor>.<name>), else the definition's. */
export function paramText(
  t: TFunction,
  providerId: string,
  param: ExtraParam,
): { label: string; help: string | undefined } {
  const key = `wizard.params.${providerId}.${param.name}`;
  return {
    label: t(`${key}.label`, { defaultValue: param.label }),
    help: t(`${key}.help`, { defaultValue: param.help }) || undefined,
  };
}

/** Problems with a vendor's extra parameters (audience, organisation code, tenant URIs), by field. */
export function extraParamErrors(
  providerId: string,
  params: ExtraParam[],
  values: Record<string, string>,
  t: TFunction,
  sandbox: boolean,
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const param of params) {
    const value = (values[param.name] ?? '').trim();
    const { label } = paramText(t, providerId, param);
    if (param.required && !value)
      found[`param.${param.name}`] = t('appForm.errors.required', { field: label });
    else if (value && param.isUrl) {
      const problem = tenantUrlProblem(value, sandbox);
      if (problem === 'url') found[`param.${param.name}`] = t('appForm.errors.url');
      else if (problem === 'https')
        found[`param.${param.name}`] = t('wizard.errors.httpsOnly', { field: label });
    }
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
  providerId: string;
  params: ExtraParam[];
  values: Record<string, string>;
  errors: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}) {
  const { t } = useTranslation();
  return params.map((param) => {
    const { label, help } = paramText(t, providerId, param);
    return (
      <Field
        key={param.name}
        label={label}
        help={help}
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
            autoComplete="off"
          />
        )}
      </Field>
    );
  });
}
