/** Test helper: the message a synchronous call throws; fails the test when it throws nothing. */
export function thrownMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the call to throw, and it returned');
}
