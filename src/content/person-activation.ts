/**
 * Whether an event on one of the card's buttons comes from a person: a real pointer click, or a
 * keyboard activation (Enter or Space on the focused button, which the browser turns into a
 * trusted `click`). The card lives in an open shadow root that the Salesforce page's own scripts
 * can reach; their `.click()` or `dispatchEvent` makes an event with `isTrusted` false, and such
 * an event must never write to Salesforce, whatever record the URL names by then.
 */
export function isPersonActivation(event: Pick<Event, 'isTrusted'>): boolean {
  return event.isTrusted;
}
