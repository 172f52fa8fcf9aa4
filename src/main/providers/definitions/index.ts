import type { ProviderDefinitionInput } from '../../../shared/providers/provider-schema';
import { chimpy } from './chimpy';
import { powerepos } from './powerepos';
import { sumup } from './sumup';
import { sumupPosPro } from './sumup-pos-pro';
import { taptouch } from './taptouch';

/** The five vendors POS Connect ships with; each is validated at load like any custom provider. */
export const BUILTIN_PROVIDERS: readonly ProviderDefinitionInput[] = [
  sumup,
  sumupPosPro,
  taptouch,
  powerepos,
  chimpy,
];
