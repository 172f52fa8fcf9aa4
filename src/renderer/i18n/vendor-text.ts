import { useTranslation } from 'react-i18next';

/**
 * A built-in vendor's own texts (scope descriptions, field labels and help, test call names) in
 * the UI language. The English is the definition's, in the vendor's words (providers are data);
 * other languages carry theirs under `vendors.<provider id>` in their catalogue, keyed by scope
 * name, parameter name and test call ID, the assumptions by their English sentence (a sentence
 * changed in the definition then has no French until it is translated again; the unit test below
 * says so) (test/unit/i18n/vendor-texts.test.ts checks that every
 * built-in text has one). Scope names hold dots and slashes, so the entries are read from the
 * catalogue object, not through i18next's dotted keys. A custom provider cannot take a built-in's
 * ID, so its texts (the ones its author typed) are shown as they are.
 */
export interface VendorTexts {
  scopes?: Record<string, string>;
  scopeConflicts?: Record<string, string>;
  testCalls?: Record<string, string>;
  assumptions?: Record<string, string>;
}

export interface VendorText {
  scope(providerId: string | undefined, scope: { name: string; description: string }): string;
  scopeConflict(providerId: string | undefined, scope: { name: string; sourceConflict?: string }): string;
  paramLabel(providerId: string | undefined, param: { name: string; label: string }): string;
  paramHelp(providerId: string | undefined, param: { name: string; help: string }): string;
  testCall(providerId: string | undefined, call: { id: string; label: string }): string;
  assumption(providerId: string | undefined, english: string): string;
}

export function useVendorText(): VendorText {
  const { t, i18n } = useTranslation();
  const bundle = i18n.getResourceBundle(i18n.language, 'translation') as
    { vendors?: Record<string, VendorTexts> } | undefined;
  const of = (providerId: string | undefined): VendorTexts =>
    (providerId === undefined ? undefined : bundle?.vendors?.[providerId]) ?? {};
  return {
    scope: (id, scope) => of(id).scopes?.[scope.name] ?? scope.description,
    scopeConflict: (id, scope) => of(id).scopeConflicts?.[scope.name] ?? scope.sourceConflict ?? '',
    // A field's words are the wizard's (wizard.params.<vendor>.<name>, in every language).
    paramLabel: (id, param) => t(`wizard.params.${id}.${param.name}.label`, { defaultValue: param.label }),
    paramHelp: (id, param) => t(`wizard.params.${id}.${param.name}.help`, { defaultValue: param.help }),
    testCall: (id, call) => of(id).testCalls?.[call.id] ?? call.label,
    assumption: (id, english) => of(id).assumptions?.[english] ?? english,
  };
}
