import { Fragment } from 'preact';

/**
 * Where an address or a URL may wrap: after these, never in the middle of a name. "ada.lovelace@
 * analytical-engines.example" wraps after the `@`; a page URL after each `/`, `?` and `&`.
 */
const BREAK_AFTER = /([@/?&])/;

/**
 * Text with line-break opportunities (`<wbr>`) after the separators of an email address or a URL,
 * for table cells that are narrower than the value: the cell wraps there, the value stays whole
 * for copying (a `<wbr>` adds no character) and in the CSV export, which does not use this.
 */
export function BreakableText({ text }: { text: string }) {
  return (
    <>
      {text.split(BREAK_AFTER).map((part, i) =>
        BREAK_AFTER.test(part) ? (
          <Fragment key={i}>
            {part}
            <wbr />
          </Fragment>
        ) : (
          part
        ),
      )}
    </>
  );
}
