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

/**
 * Most values of one condition key in one policy. AWS's largest policy documents are resource-based
 * policies of 20 KB (20,480 characters; IAM's own are smaller: managed policies 6,144 characters,
 * inline policies 2,048 per user, 5,120 per group and 10,240 per role, SCPs 5,120); every value
 * takes at least three of those characters (`"",`), so no policy AWS accepts holds more than about
 * 6,800. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (section "IAM
 * and AWS STS character limits"); for resource-based policies, DynamoDB's PutResourcePolicy ("The
 * maximum size supported for a resource-based policy document is 20 KB").
 */
export const MAX_CONDITION_VALUES = 10_000;

/**
 * Most values of one multivalued key in a scenario's request `context` (such as `aws:TagKeys`):
 * requests carry far fewer (50 tags per resource at most), and the same bound as
 * {@link MAX_CONDITION_VALUES} keeps a set condition's cost bounded on both sides.
 */
export const MAX_CONTEXT_VALUES = 10_000;

/** Most test cases one run may expand to; checked before any case is built. */
export const MAX_CASES = 1_000_000;
