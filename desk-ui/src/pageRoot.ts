/** Id of the element the desk page mounts into; every bundled style is scoped under it. */
export const PAGE_ROOT_ID = "wix-integration-root";
