/**
 * Wraps an async lookup so that only the newest call's result is delivered: a slow response to an
 * earlier keystroke must not overwrite the suggestions for what the user typed since.
 */
export function latestOnly<A extends unknown[], R>(
  lookup: (...args: A) => Promise<R>,
): (...args: A) => Promise<{ stale: true } | { stale: false; value: R }> {
  let latest = 0;
  return async (...args: A) => {
    const call = ++latest;
    const value = await lookup(...args);
    return call === latest ? { stale: false, value } : { stale: true };
  };
}
