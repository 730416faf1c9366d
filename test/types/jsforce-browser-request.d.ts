// jsforce ships no types for its browser transport module; the tests use only this much of it.
declare module 'jsforce/browser/browser/request.js' {
  import type { EventEmitter } from 'node:events';

  interface HttpRequest {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
  }
  export default function request(req: HttpRequest): EventEmitter;
}
