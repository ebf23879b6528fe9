// The `_meta` keys EMM adds to MCP messages. The client reads what the server
// writes, so both take them from this dependency-free module (the client must
// not load the server to know them).

/** `_meta` key under which tools/list tells MCP clients how long a result may be cached. */
export const CACHE_META_KEY = 'emm/cache';

/** `_meta` key of a failed call's result: the error's code, message and issues, for programs. */
export const ERROR_META_KEY = 'emm/error';
