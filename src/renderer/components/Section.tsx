import { useId, type ReactNode } from 'react';

/** A titled region: <section aria-labelledby> with a heading at the given level. */
export function Section({
  title,
  level = 2,
  children,
  actions,
  busy,
  className,
  testId,
}: {
  title: string;
  level?: 2 | 3;
  children: ReactNode;
  actions?: ReactNode;
  busy?: boolean;
  className?: string;
  testId?: string;
}) {
  const id = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section
      className={`section${className ? ` ${className}` : ''}`}
      aria-labelledby={id}
      aria-busy={busy || undefined}
      data-testid={testId}
    >
      <div className="section-head">
        <Heading id={id}>{title}</Heading>
        {actions ? <div className="section-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
