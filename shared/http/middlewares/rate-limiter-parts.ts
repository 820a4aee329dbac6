// rate-limiter-flexible's index loads every store it supports (Mongo, MySQL, DynamoDB, etcd, Prisma…),
// about 50 KB in every bundle; its lib/ files load only themselves. The types come from the index.
import type * as Flexible from 'rate-limiter-flexible';

export const RateLimiterMemory: typeof Flexible.RateLimiterMemory = require('rate-limiter-flexible/lib/RateLimiterMemory');
export const RateLimiterRedis: typeof Flexible.RateLimiterRedis = require('rate-limiter-flexible/lib/RateLimiterRedis');
export const RateLimiterRes: typeof Flexible.RateLimiterRes = require('rate-limiter-flexible/lib/RateLimiterRes');
export const RLWrapperTimeouts: typeof Flexible.RLWrapperTimeouts = require('rate-limiter-flexible/lib/RLWrapperTimeouts');
export type RateLimiterMemory = Flexible.RateLimiterMemory;
export type RateLimiterRes = Flexible.RateLimiterRes;
export type RLWrapperTimeouts = Flexible.RLWrapperTimeouts;
export type { RateLimiterAbstract } from 'rate-limiter-flexible';
