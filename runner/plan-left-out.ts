/**
 * What a wildcard or selector leaves out when its expectation has no resource. Without a resource
 * the request is on `*`, and only actions that take no resource can be asked that way
 * (plan.ts), so `s3:*Object*` keeps `s3:ListObjects`-like actions and drops every object action:
 *
 *     - { principal: app, implicitDeny: ["s3:*Object*"] }
 *       → runs the few matches that take no resource, and warns: the others are left out,
 *         with the first few named, and the help says to give a `resource`
 *
 * A warning, not an error: the kept actions are a faithful test of what they are, and a pattern
 * over a whole service (`secretsmanager:*` for `ListSecrets`) is a legitimate way to write them;
 * but the run must say that most of what the pattern names was not tested, and `--strict`
 * refuses it (issue #11, "no false pass").
 */
import type { ActionInfo, Catalog } from '../catalog/types';
import { accessLevels, type AccessLevel } from '../catalog/types';
import { diagnostic, type Diagnostic } from './diagnostics';
import type { ActionItem, Scenario } from './model/types';
import { appliesTo } from './plan-actions';

/** How many left-out actions a warning names. */
const NAMED = 3;

/** ACTIONS_LEFT_OUT warnings for the scenario's expectations without a resource. */
export function checkLeftOutActions(scenario: Scenario, catalog: Catalog): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of scenario.expectations) {
    if (e.incomplete || e.resources.some((r) => r !== undefined)) continue;
    for (const { item } of e.items) {
      const matched = matches(item, catalog);
      const kept = matched.filter((a) => appliesTo(catalog, a, undefined));
      // Nothing kept is ACTION_NOT_APPLICABLE or UNKNOWN_SELECTOR already (plan.ts).
      if (kept.length === 0 || kept.length === matched.length) continue;
      const left = matched.filter((a) => !appliesTo(catalog, a, undefined)).map((a) => `\`${a.id}\``);
      const named = left.length > NAMED ? `${left.slice(0, NAMED).join(', ')} and ${left.length - NAMED} more` : left.join(', ');
      const what = item.kind === 'selector' ? 'the selector' : `\`${item.text}\``;
      const keptText =
        kept.length > NAMED
          ? `${kept
              .slice(0, NAMED)
              .map((a) => `\`${a.id}\``)
              .join(', ')}...`
          : kept.map((a) => `\`${a.id}\``).join(', ');
      out.push(
        diagnostic(
          'ACTIONS_LEFT_OUT',
          `${what} matches ${matched.length} actions; ${left.length === 1 ? 'the one that acts on a resource is' : `the ${left.length} that act on a resource are`} left out, as the expectation has no \`resource\`: ${named}`,
          item.span,
          `give the expectation a \`resource\` to test them; without one it tests only ${keptText}`,
          'warning',
        ),
      );
    }
  }
  return out;
}

/** Every catalog action an item names, whatever the resource; empty for an unusable item. */
function matches(item: ActionItem, catalog: Catalog): ActionInfo[] {
  switch (item.kind) {
    case 'action':
      return [];
    case 'pattern':
      return item.text.includes(':') || item.text === '*' ? catalog.expandActions(item.text) : [];
    case 'selector': {
      const service = item.service?.value;
      if (service === undefined || !catalog.hasService(service)) return [];
      const levels = item.levels.flatMap((l) => accessLevels.filter((k) => k.toLowerCase() === l.value.toLowerCase())) as AccessLevel[];
      return levels.length === 0 ? [] : catalog.actionsByAccessLevel(levels, service);
    }
  }
}
