import { badInput, invalidId } from '../errors.js';
import { isUuid } from '../ids.js';
/** Validates an ID argument before it reaches the database. */
export function parseId(value: string, argument: string): string {
  if (!isUuid(value)) throw invalidId(argument);
  return value.toLowerCase();
}

export function parseIds(values: readonly string[], argument: string, max = 100): string[] {
  if (values.length > max) {
    throw badInput(`${argument} may list at most ${max} IDs; got ${values.length}.`, [{ field: argument, message: `at most ${max} IDs` }]);
  }
  return values.map((value) => parseId(value, argument));
}
