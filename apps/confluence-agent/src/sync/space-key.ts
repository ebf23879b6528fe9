/** A Confluence space key as confluence-service accepts it: `DOC`, `ENG_2`, a personal space `~jsmith`. */
export const SPACE_KEY_PATTERN = /^~?[\w.@-]+$/;
