import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../../shared/providers/provider-schema';

/** One message per field, next to the field's name, in the UI language (main's English as fallback). */
export function ProblemList({ problems }: { problems: FieldProblem[] }) {
  const { t } = useTranslation();
  return (
    <dl className="problem-list">
      {problems.map((problem) => (
        <div key={problem.field} className="kv-row">
          <dt>
            <code>{problem.field}</code>
          </dt>
          <dd>
            {t(`providerProblems.${problem.code}`, { ...problem.params, defaultValue: problem.message })}
          </dd>
        </div>
      ))}
    </dl>
  );
}
