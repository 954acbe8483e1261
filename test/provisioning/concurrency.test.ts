import { describe, expect, it } from 'vitest';
import {
  createConcurrencyController,
  defaultMaxConcurrency,
  initialConcurrency,
} from '../../src/provisioning/concurrency.js';
import type { RequestPacer } from '../../src/transport/pacer.js';
import { unpaced } from '../../src/transport/pacer.js';

function pacerWithQueue(tps: number): RequestPacer & { waiting: number; currentTps: number } {
  return { ...unpaced, currentTps: tps, waiting: 0 };
}

describe('automatic concurrency', () => {
  it('starts from rate × assumed latency + 1, within bounds', () => {
    expect(initialConcurrency(2, 32)).toBe(2);
    expect(initialConcurrency(20, 32)).toBe(11);
    expect(initialConcurrency(200, 32)).toBe(32);
    expect(initialConcurrency(Number.POSITIVE_INFINITY, 16)).toBe(16);
  });

  it('lets one more row in when nobody waits at the pacer, and one fewer when many do', () => {
    const pacer = pacerWithQueue(20);
    const c = createConcurrencyController({ pacer, concurrency: 'auto', max: 13 });
    expect(c.current()).toBe(11);
    for (let i = 0; i < 5; i++) c.onRequestFinished();
    expect(c.current()).toBe(13);
    pacer.waiting = 21;
    c.onRequestFinished();
    expect(c.current()).toBe(12);
    pacer.waiting = 15;
    c.onRequestFinished();
    expect(c.current()).toBe(12);
  });

  it('keeps the starting value with a pacer that does not report its queue', () => {
    const c = createConcurrencyController({ pacer: { ...unpaced, currentTps: 4 }, concurrency: 'auto' });
    c.onRequestFinished();
    expect(c.current()).toBe(3);
  });

  it('uses a fixed concurrency as given, and rejects a bad one', () => {
    const c = createConcurrencyController({ pacer: pacerWithQueue(2), concurrency: 5 });
    c.onRequestFinished();
    expect(c.current()).toBe(5);
    expect(() => createConcurrencyController({ pacer: unpaced, concurrency: 1.5 })).toThrow(RangeError);
  });

  it('by default lets automatic concurrency grow with the pacer rate (2 s of latency), never below 32', () => {
    expect(defaultMaxConcurrency(2)).toBe(32);
    expect(defaultMaxConcurrency(20)).toBe(40);
    expect(defaultMaxConcurrency(400)).toBe(800);
    expect(defaultMaxConcurrency(Number.POSITIVE_INFINITY)).toBe(32);
    const pacer = pacerWithQueue(400);
    const c = createConcurrencyController({ pacer, concurrency: 'auto' });
    expect(c.current()).toBe(201);
    for (let i = 0; i < 1000; i++) c.onRequestFinished();
    expect(c.current()).toBe(800);
  });

  it('lowers the default ceiling when the pacer slows down', () => {
    const pacer = pacerWithQueue(400);
    const c = createConcurrencyController({ pacer, concurrency: 'auto' });
    for (let i = 0; i < 1000; i++) c.onRequestFinished();
    pacer.currentTps = 20;
    c.onRequestFinished();
    expect(c.current()).toBe(40);
  });
});
