import type { Failure } from '../failure';

/** Thrown to stop a run that cannot go on now (no session, limit reached); it is resumable. */
export class RunStopped extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail ?? failure.code);
  }
}
