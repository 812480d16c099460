import { onScopeDispose, ref } from "vue";
import { latestOnly } from "../lib/latestOnly.js";
import { callMethod } from "./api.js";
import type { LinkOption } from "./types.js";

/** Wait after the last keystroke before asking the server, as desk's Link control does. */
export const SEARCH_DEBOUNCE_MS = 250;

/** Suggestions for a Link value through frappe.desk.search.search_link, desk's own Link search. */
export function useLinkSearch(doctype: string) {
  const options = ref<LinkOption[]>([]);
  const searching = ref(false);
  const error = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;

  const searchLink = latestOnly((txt: string) =>
    callMethod<LinkOption[]>("frappe.desk.search.search_link", {
      args: { doctype, txt, page_length: 10 },
    }),
  );

  async function runSearch(txt: string) {
    searching.value = true;
    try {
      const result = await searchLink(txt);
      if (result.stale) return;
      options.value = result.value;
      error.value = null;
      searching.value = false;
    } catch (caught) {
      options.value = [];
      error.value = caught instanceof Error ? caught.message : String(caught);
      searching.value = false;
    }
  }

  function search(txt: string) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void runSearch(txt), SEARCH_DEBOUNCE_MS);
  }

  onScopeDispose(() => {
    if (timer) clearTimeout(timer);
  });

  return { options, searching, error, search };
}
