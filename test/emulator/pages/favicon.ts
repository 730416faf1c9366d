import type { Handler } from '../http/context';

/** A small blue cloud, so browsers' favicon requests do not show up as errors in the log. */
const CLOUD_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#00a1e0" d="M13 8a7 7 0 0 1 11 3 6 6 0 0 1 2 12H8a5 5 0 0 1-1-10 7 7 0 0 1 6-5z"/></svg>';

export const favicon: Handler = () => ({
  status: 200,
  headers: { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' },
  body: CLOUD_SVG,
});
