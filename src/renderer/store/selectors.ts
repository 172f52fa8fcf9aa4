import { useShallow } from 'zustand/react/shallow';
import type { ProviderSummary } from '../../shared/models';
import { useAppStore } from './index';
import type { AppState } from './types';

export const useStoreShallow = <T>(selector: (state: AppState) => T): T => useAppStore(useShallow(selector));

export const selectProvider =
  (providerId: string | undefined) =>
  (state: AppState): ProviderSummary | undefined =>
    state.providers.find((p) => p.definition.id === providerId);

export const useProvider = (providerId: string | undefined): ProviderSummary | undefined =>
  useAppStore(selectProvider(providerId));
