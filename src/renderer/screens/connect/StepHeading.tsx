import { useTranslation } from 'react-i18next';

export type WizardStep = 'vendor' | 'app' | 'access';
export const WIZARD_STEPS: WizardStep[] = ['vendor', 'app', 'access'];

/** The wizard's progress: an ordered list with aria-current="step". */
export function StepIndicator({ current }: { current: WizardStep | 'run' }) {
  const { t } = useTranslation();
  const index = current === 'run' ? WIZARD_STEPS.length : WIZARD_STEPS.indexOf(current);
  return (
    <ol className="steps" aria-label={t('connect.stepsLabel')}>
      {WIZARD_STEPS.map((step, i) => (
        <li
          key={step}
          className={i < index ? 'step-done' : i === index ? 'step-current' : 'step-todo'}
          aria-current={i === index ? 'step' : undefined}
        >
          <span className="step-number" aria-hidden="true">
            {i < index ? '✓' : i + 1}
          </span>
          <span>{t(`connect.steps.${step}`)}</span>
          {i < index ? <span className="visually-hidden"> ({t('connect.stepDone')})</span> : null}
        </li>
      ))}
    </ol>
  );
}
