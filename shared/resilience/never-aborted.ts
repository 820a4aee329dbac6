import { setMaxListeners } from 'node:events';

/**
 * The never-aborted signal for policies with a timeout that run many calls at once (Redis commands,
 * replica reads). Each call's timeout listens on it until the call settles, so under load far more than
 * Node's default of 10 listeners come and go: not a leak, and without this Node warns
 * (MaxListenersExceededWarning). cockatiel's own default signal is shared too, with the default limit.
 */
export const neverAborted: AbortSignal = new AbortController().signal;
setMaxListeners(0, neverAborted);
