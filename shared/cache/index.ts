export { cacheAside } from './cache-aside';
export { bumpCatalogVersion, catalogVersion } from './catalog-version';
export { cacheKeys } from './keys';
export { closeRedis, redis, withRedis } from './redis';
export { forgetProducts } from './forget';
