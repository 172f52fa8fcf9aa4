import { useEffect, useRef, type RefObject } from 'react';
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

/**
 * Keyboard and screen-reader users land on each new step's heading (the step's <h2 class="step-title">
 * inside `container`), not on <body> where focus falls when the button they pressed goes away. Not on
 * the first render: the screen's <h1> takes focus after a navigation (PageTitle).
 */
export function useStepHeadingFocus(container: RefObject<HTMLElement | null>, step: string): void {
  const shown = useRef<string | null>(null);
  useEffect(() => {
    const previous = shown.current;
    shown.current = step;
    if (previous === null || previous === step) return;
    const heading = container.current?.querySelector<HTMLElement>('.step-title');
    if (!heading) return;
    // Focusable by script only: a heading is not a stop in the Tab order.
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    heading.focus();
  }, [container, step]);
}
