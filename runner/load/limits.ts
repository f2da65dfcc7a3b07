/**
 * Documented limits on input, so that hostile or broken files end with a clear error instead of
 * exhausting memory or time. Each limit is part of the public contract (see `cases/README.md`).
 */

/** Largest scenario or policy file read, in bytes: 4 MiB (AWS's own policy size limits are far lower). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Deepest nesting of mappings and lists in one file. A scenario needs about 10. */
export const MAX_NESTING = 64;

/**
 * Most values in one file, counting every alias expansion as a copy of its target. Stops alias
 * bombs ("billion laughs") long before they cost memory, and keeps parsing well under a second.
 */
export const MAX_NODES = 50_000;

/** Most alias references (`*name`) in one file (yaml's `maxAliasCount` idea). */
export const MAX_ALIASES = 1_000;

/** Most test cases one run may expand to; checked before any case is built. */
export const MAX_CASES = 1_000_000;
