import type { FieldProblem } from '../../../shared/providers/provider-schema';

/** One message per field, next to the field's name. */
export function ProblemList({ problems }: { problems: FieldProblem[] }) {
  return (
    <dl className="problem-list">
      {problems.map((problem) => (
        <div key={problem.field} className="kv-row">
          <dt>
            <code>{problem.field}</code>
          </dt>
          <dd>{problem.message}</dd>
        </div>
      ))}
    </dl>
  );
}
