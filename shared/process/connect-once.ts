import { onShutdown } from './shutdown';

/** A process's one connection to a dependency: opened on first use, shared, opened again once lost. */
export interface SharedConnection<C> {
  /** The connection, being opened or open. */
  get(): Promise<C>;
  /** Closes it (also at shutdown); the next get() opens another. */
  close(): Promise<void>;
}

/**
 * One connection, opened by `open` on first use and shared by every caller until it is lost (`open`
 * calls `lost` when it closes on its own) or its opening fails; the next get() then opens another. With
 * `coolDown`, for that long after a failed opening get() fails at once with its error instead of trying
 * again. The connection is closed at shutdown.
 */
export function connectOnce<C>(options: {
  open: (lost: () => void) => Promise<C>;
  close: (connection: C) => Promise<void>;
  coolDown?: { ms: number; error: () => Error };
}): SharedConnection<C> {
  let connecting: Promise<C> | undefined;
  let failedAt = -Infinity;
  const close = async (): Promise<void> => {
    const pending = connecting;
    connecting = undefined;
    const connection = await pending?.catch(() => undefined);
    if (connection !== undefined) await options.close(connection);
  };
  const get = (): Promise<C> => {
    if (!connecting && options.coolDown && Date.now() - failedAt < options.coolDown.ms) return Promise.reject(options.coolDown.error());
    if (!connecting) {
      onShutdown(close);
      connecting = options.open(() => (connecting = undefined)).catch((error: unknown) => {
        connecting = undefined;
        failedAt = Date.now();
        throw error;
      });
    }
    return connecting;
  };
  return { get, close };
}
