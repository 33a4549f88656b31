/**
 * A labelled select over a fixed list of choices, shown by `name` or as they are (the Units section,
 * the map's colour by).
 */
export function Choice<T extends string>(props: {
  label: string;
  testId: string;
  title?: string;
  value: T;
  options: readonly T[];
  name?: (option: T) => string;
  onChange(value: T): void;
}) {
  return (
    <label title={props.title}>
      {props.label}
      <select value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.name ? props.name(o) : o}
          </option>
        ))}
      </select>
    </label>
  );
}
