/**
 * The widget's styles, inside its shadow root so neither Salesforce's CSS nor ours leaks across.
 * Colours and type scale follow the Salesforce Lightning Design System (brand #0176d3, text
 * #181818, weak text #444, success #2e844a, error #ba0517, 13px body, 4px radius).
 */
export const WIDGET_CSS = `
:host { all: initial; }
.card {
  position: fixed; right: 16px; bottom: 56px; z-index: 2147483000;
  box-sizing: border-box; width: 280px; padding: 12px 16px;
  background: #fff; color: #181818; border: 1px solid #c9c9c9; border-radius: 4px;
  box-shadow: 0 2px 4px rgba(0, 0, 0, 0.1);
  font: 13px/1.5 'Salesforce Sans', -apple-system, 'Segoe UI', Roboto, Arial, sans-serif;
}
.card.folded { width: auto; padding: 4px 8px 4px 16px; }
.title-row { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
button.fold {
  margin: 0; padding: 0; min-height: 24px; width: 24px; line-height: 22px;
  color: #444; background: #fff; border: 1px solid #c9c9c9;
}
button.fold:hover { background: #f3f3f3; }
.card.folded .title { margin: 0; }
.title { margin: 0 0 4px; font-size: 11px; font-weight: 700; letter-spacing: 0.05em;
  text-transform: uppercase; color: #444; }
.name { margin: 0 0 2px; color: #444; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.state { margin: 0; font-size: 14px; font-weight: 700; }
.state.subscribed { color: #181818; }
.state.unsubscribed { color: #2e844a; }
.fields { margin: 2px 0 0; color: #444; }
.state.pending { color: #0176d3; }
.state.failed { color: #ba0517; }
.error { margin: 4px 0 0; color: #ba0517; }
.warning { margin: 4px 0 0; color: #8c4b02; }
button {
  margin: 8px 8px 0 0; padding: 0 16px; min-height: 32px;
  font: inherit; font-weight: 400; line-height: 30px; cursor: pointer;
  color: #fff; background: #0176d3; border: 1px solid #0176d3; border-radius: 4px;
}
button:hover { background: #014486; border-color: #014486; }
button:focus-visible { outline: none; box-shadow: 0 0 3px #0176d3; }
button.secondary { color: #0176d3; background: #fff; border-color: #c9c9c9; }
button.secondary:hover { background: #f3f3f3; }
.muted { margin: 0; color: #444; }
.covers { margin: 4px 0 0; color: #444; }
.covers a { color: #0176d3; }
`;
