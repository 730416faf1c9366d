/**
 * Asks a Lightning record page to show Salesforce's current values in its own fields, from the
 * page's own JavaScript world (the service worker injects it with `scripting.executeScript`,
 * `world: 'MAIN'`: the content script's isolated world cannot see `$A`). Chrome sends the
 * function's source alone, so it must stay self-contained: no imports, nothing from around it.
 *
 * Lightning Experience is an Aura app, and `$A.get('e.force:refreshView').fire()` reloads the data
 * of the page's standard components, the record's fields among them, without a page load
 * (Lightning Aura Components Developer Guide, "force:refreshView",
 * https://developer.salesforce.com/docs/component-library/bundle/force:refreshView: "Repeated
 * firing of this event ... is not supported", so it is fired once per change). `fire()` returns
 * nothing: true says the event was fired, the nearest to "refreshed" a page tells. Classic has no
 * `$A`; a page whose `$A` lacks the event, or throws, gets false, and the card then says to
 * reload. What this returns passed through the page's world: the caller trusts only `=== true`.
 */
export function fireRefreshView(): boolean {
  try {
    const aura = (
      globalThis as {
        $A?: { get?: (key: string) => { fire?: () => void } | null | undefined };
      }
    ).$A;
    const event = aura?.get?.('e.force:refreshView');
    if (typeof event?.fire !== 'function') return false;
    event.fire();
    return true;
  } catch {
    return false;
  }
}
