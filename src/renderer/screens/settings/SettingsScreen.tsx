import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/PageTitle';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Spinner';
import { useAppStore } from '../../store';
import { useStoreShallow } from '../../store/selectors';
import { AppsSettings } from './AppsSettings';
import { BackgroundSettings } from './BackgroundSettings';
import { CustomProviders } from './CustomProviders';
import { EndpointOverrides } from './EndpointOverrides';
import { GeneralSettings } from './GeneralSettings';
import { RefreshSettings } from './RefreshSettings';
import { UpdatesSettings } from './UpdatesSettings';

export function SettingsScreen() {
  const { t } = useTranslation();
  const { settings, error } = useStoreShallow((s) => ({ settings: s.settings, error: s.settingsError }));
  return (
    <div className="screen settings-screen">
      <PageTitle>{t('settings.title')}</PageTitle>
      {!settings && error ? (
        <ErrorNotice
          title={t('settings.loadFailed')}
          error={error}
          actions={
            <Button onClick={() => void useAppStore.getState().loadSettings()}>{t('common.tryAgain')}</Button>
          }
        />
      ) : null}
      {!settings && !error ? <Loading /> : null}
      {settings ? (
        <>
          <GeneralSettings settings={settings} />
          <RefreshSettings settings={settings} />
          <BackgroundSettings settings={settings} />
          <AppsSettings />
          <CustomProviders />
          <EndpointOverrides settings={settings} />
          <UpdatesSettings />
        </>
      ) : null}
    </div>
  );
}
