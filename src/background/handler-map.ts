/**
 * Typed handler maps: one handler per request type, each bound to the response that type
 * declares, so a handler that answers with the wrong shape, or a request type without a handler,
 * does not compile.
 */

/** A family of requests, told apart by `type`. */
export interface Typed {
  readonly type: string;
}

/**
 * The request of one type. An intersection, not `Extract`: a request interface may cover
 * several types at once (a record action is one interface for five types).
 */
export type RequestOf<Request extends Typed, T extends Request['type']> = Request & {
  readonly type: T;
};

export type Handlers<
  Request extends Typed,
  Responses extends { readonly [T in Request['type']]: unknown },
  Args extends readonly unknown[] = [],
> = {
  readonly [T in Request['type']]: (
    request: RequestOf<Request, T>,
    ...args: Args
  ) => Promise<Responses[T]>;
};

/** The handler of a request, typed by the request's own type. */
export function handlerOf<
  Request extends Typed,
  Responses extends { readonly [K in Request['type']]: unknown },
  Args extends readonly unknown[],
  T extends Request['type'],
>(
  handlers: Handlers<Request, Responses, Args>,
  request: RequestOf<Request, T>,
): (request: RequestOf<Request, T>, ...args: Args) => Promise<Responses[T]> {
  return handlers[request.type];
}
