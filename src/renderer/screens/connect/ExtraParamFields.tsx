import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ExtraParam } from '../../../shared/providers/provider-schema';
import { Field } from '../../components/Field';

const HOST = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * What is wrong with a tenant address, checked as its hint says: a host name (main makes it
 * https://host) or an https:// address without query or credentials; plain http only for this
 * computer (127.0.0.1, localhost) and only in sandbox mode, as main accepts it.
 */
export function tenantUrlProblem(value: string, sandbox: boolean): 'url' | 'https' | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const [host = '', ...path] = value.split('/');
    return HOST.test(host) && !/[\s?#]/.test(path.join('/')) ? undefined : 'url';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'url';
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return 'url';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && sandbox && LOOPBACK.has(url.hostname)) return undefined;
  return 'https';
}

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
