// A React context that must be provided: its hook throws a clear error when used outside the provider.
import { createContext, useContext, type Context } from 'react';

/** A context (render it as `<Ctx value={…}>`) and the hook that reads it or throws. */
export function createRequiredContext<T>(name: string): [Context<T | null>, () => T] {
  const context = createContext<T | null>(null);
  context.displayName = name;
  const use = (): T => {
    const value = useContext(context);
    if (value === null) throw new Error(`${name} is used outside its provider.`);
    return value;
  };
  return [context, use];
}
