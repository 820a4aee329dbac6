import { ConfigError, parseConfig } from './index';

type ConfigModule = typeof import('./index');

/** A fresh copy of the config module (its own memo), loaded with `env` as process.env. */
function loadConfigModule(): ConfigModule {
  let loaded: ConfigModule | undefined;
  jest.isolateModules(() => {
    loaded = require('./index') as ConfigModule;
  });
  return loaded!;
}

function configErrorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('parseConfig accepted the environment');
}

describe('parseConfig', () => {
  it('returns the local defaults when the environment sets nothing', () => {
    expect(parseConfig({})).toMatchObject({
      NODE_ENV: 'development',
      PORT: 8080,
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/brisk',
      DATABASE_REPLICA_URLS: [],
      DATABASE_POOL_MAX: 10,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: 'brisk:v1:',
      CACHE_TTL_SECONDS: 300,
      CACHE_NEGATIVE_TTL_SECONDS: 30,
      CACHE_TTL_JITTER: 0.1,
      VALIDATE_RESPONSES: true,
    });
  });

  it('coerces every valid setting from its string form', () => {
    const config = parseConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-32-characters-or-more',
      PORT: '3000',
      LOG_LEVEL: 'warn',
      DATABASE_URL: 'postgresql://app:secret@db.internal:6432/shop',
      DATABASE_REPLICA_URLS: 'postgres://replica-1/shop',
      DATABASE_POOL_MAX: '25',
      REDIS_URL: 'rediss://cache.internal:6380',
      REDIS_KEY_PREFIX: 'shop:v2:',
      CACHE_TTL_SECONDS: '60',
      CACHE_NEGATIVE_TTL_SECONDS: '5',
      CACHE_TTL_JITTER: '0.25',
      VALIDATE_RESPONSES: 'true',
    });
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      PORT: 3000,
      LOG_LEVEL: 'warn',
      DATABASE_URL: 'postgresql://app:secret@db.internal:6432/shop',
      DATABASE_REPLICA_URLS: ['postgres://replica-1/shop'],
      DATABASE_POOL_MAX: 25,
      REDIS_URL: 'rediss://cache.internal:6380',
      REDIS_KEY_PREFIX: 'shop:v2:',
      CACHE_TTL_SECONDS: 60,
      CACHE_NEGATIVE_TTL_SECONDS: 5,
      CACHE_TTL_JITTER: 0.25,
      VALIDATE_RESPONSES: true,
    });
  });

  it('refuses, in production, the development JWT secret as the key that verifies tokens, naming JWT_SECRET', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: is the development default/);
    expect(() => parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'brisk-development-secret-not-for-production' })).toThrow(ConfigError);
    expect(parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-32-characters-or-more' }).NODE_ENV).toBe('production');
    expect(parseConfig({ NODE_ENV: 'production', JWKS_URL: 'https://auth.example.com/jwks.json' }).JWKS_URL).toBeDefined();
    expect(parseConfig({ NODE_ENV: 'development' }).JWT_SECRET).toBe('brisk-development-secret-not-for-production');
  });

  it('ignores variables it does not know', () => {
    expect(parseConfig({ HOME: '/root', PATH: '/usr/bin', UNRELATED: 'x' })).toEqual(parseConfig({}));
  });

  it('validates responses by default everywhere but production, unless VALIDATE_RESPONSES says otherwise', () => {
    expect(parseConfig({ NODE_ENV: 'development' }).VALIDATE_RESPONSES).toBe(true);
    expect(parseConfig({ NODE_ENV: 'test' }).VALIDATE_RESPONSES).toBe(true);
    const production = { NODE_ENV: 'production', JWKS_URL: 'https://auth.example.com/jwks.json' };
    expect(parseConfig(production).VALIDATE_RESPONSES).toBe(false);
    expect(parseConfig({ ...production, VALIDATE_RESPONSES: 'true' }).VALIDATE_RESPONSES).toBe(true);
    expect(parseConfig({ NODE_ENV: 'test', VALIDATE_RESPONSES: 'false' }).VALIDATE_RESPONSES).toBe(false);
  });

  describe('DATABASE_REPLICA_URLS', () => {
    it('is an empty list when it is absent or empty', () => {
      expect(parseConfig({}).DATABASE_REPLICA_URLS).toEqual([]);
      expect(parseConfig({ DATABASE_REPLICA_URLS: '' }).DATABASE_REPLICA_URLS).toEqual([]);
      expect(parseConfig({ DATABASE_REPLICA_URLS: ' , ' }).DATABASE_REPLICA_URLS).toEqual([]);
    });

    it('splits a comma-separated list, trimming blanks and dropping empty entries', () => {
      const config = parseConfig({
        DATABASE_REPLICA_URLS: ' postgres://replica-1:5432/brisk , postgresql://replica-2/brisk,,',
      });
      expect(config.DATABASE_REPLICA_URLS).toEqual(['postgres://replica-1:5432/brisk', 'postgresql://replica-2/brisk']);
    });

    it('rejects an entry that is not a PostgreSQL URL, naming the variable', () => {
      const error = configErrorOf({ DATABASE_REPLICA_URLS: 'postgres://replica-1/brisk,mysql://replica-2/brisk' });
      expect(error.message).toContain('DATABASE_REPLICA_URLS');
    });
  });

  it('throws one ConfigError that names every bad variable when several are bad', () => {
    const bad = {
      NODE_ENV: 'staging',
      PORT: '70000',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://127.0.0.1/brisk',
      DATABASE_REPLICA_URLS: 'not a url',
      DATABASE_POOL_MAX: '0',
      REDIS_URL: 'http://127.0.0.1:6379',
      REDIS_KEY_PREFIX: '',
      CACHE_TTL_SECONDS: 'soon',
      CACHE_NEGATIVE_TTL_SECONDS: '-5',
      CACHE_TTL_JITTER: '2',
      VALIDATE_RESPONSES: 'yes',
    };
    const error = configErrorOf(bad);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toMatch(/^Invalid environment:/);
    const named = error.message
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/[.:]/)[0]);
    expect(new Set(named)).toEqual(new Set(Object.keys(bad)));
  });

  it('does not name the variables that are fine next to the bad ones', () => {
    const error = configErrorOf({ PORT: 'eighty', LOG_LEVEL: 'debug', DATABASE_POOL_MAX: '5', CACHE_TTL_JITTER: '-0.5' });
    expect(error.message).toContain('PORT');
    expect(error.message).toContain('CACHE_TTL_JITTER');
    expect(error.message).not.toContain('LOG_LEVEL');
    expect(error.message).not.toContain('DATABASE_POOL_MAX');
  });

  it.each([
    ['PORT', '0'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['DATABASE_POOL_MAX', '-1'],
    ['CACHE_TTL_SECONDS', '1.5'],
    ['CACHE_TTL_JITTER', '1.01'],
    ['NODE_ENV', 'PRODUCTION'],
    ['REDIS_URL', 'not a url'],
    ['DATABASE_URL', 'postgres'],
  ])('rejects %s=%s naming that variable', (name, value) => {
    expect(configErrorOf({ [name]: value }).message).toContain(`${name}:`);
  });
});

describe('config()', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads process.env on first use and returns the same settings afterwards', () => {
    process.env.CACHE_TTL_SECONDS = '123';
    const { config } = loadConfigModule();
    const first = config();
    expect(first.CACHE_TTL_SECONDS).toBe(123);
    process.env.CACHE_TTL_SECONDS = '456';
    expect(config()).toBe(first);
    expect(config().CACHE_TTL_SECONDS).toBe(123);
  });

  it('throws the ConfigError when process.env is bad', () => {
    process.env.PORT = 'not-a-port';
    process.env.REDIS_URL = 'ftp://example.com';
    const { config, ConfigError: IsolatedConfigError } = loadConfigModule();
    expect(() => config()).toThrow(IsolatedConfigError);
    expect(() => config()).toThrow(/PORT[\s\S]*REDIS_URL/);
  });
});
