type Translate = (message: string, replace?: (string | number)[]) => string;

/**
 * Translates through desk's `__()` when the page runs in desk, so labels follow the user's
 * language, and fills `{0}`-style placeholders the same way outside it.
 */
export function __(message: string, replace: (string | number)[] = []): string {
  const deskTranslate = (globalThis as { __?: Translate }).__;
  if (typeof deskTranslate === "function" && deskTranslate !== __) {
    return deskTranslate(message, replace);
  }
  return message.replace(/\{(\d+)\}/g, (match, index: string) =>
    String(replace[Number(index)] ?? match),
  );
}
