/** A visually hidden aria-live="polite" region; assistive technology reads each new message. */
export function LiveRegion({ message, testId }: { message: string; testId?: string }) {
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid={testId}>
      {message}
    </div>
  );
}
