/**
 * Objects keyed by user text (context keys, tag keys, policy variable names): every key is set as
 * an own data property, so a key named `__proto__` stays a key instead of replacing the object's
 * prototype (plain assignment and Object.assign go through the `__proto__` setter).
 */

/** Sets `key` on `target` as an own, enumerable, writable data property. */
export function defineOwn<T>(target: Record<string, T>, key: string, value: T): void {
  // `__proto__` is the only accessor on Object.prototype; defineProperty is slow, so only it pays.
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
