import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('readConfig', () => {
  it('uses defaults for an empty environment', () => {
    const config = readConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.maxFrameBytes).toBe(10 * 1024 * 1024);
  });
  it('names the bad variable and what it expects', () => {
    expect(() => readConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => readConfig({ PORT: 'abc' })).toThrow(/PORT: .*whole number|PORT: .*number/);
    expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
  });
  it('takes a redis:// URL for the cluster fan-out and refuses anything else', () => {
    expect(readConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(readConfig({}).redisUrl).toBeUndefined();
    expect(() => readConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL: must be a redis/);
  });
  it('treats empty variables as unset', () => {
    expect(readConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
  it('turns the metrics listener on only when METRICS_PORT is set, on localhost by default', () => {
    expect(readConfig({}).metricsPort).toBeUndefined();
    expect(readConfig({ METRICS_PORT: '9464' })).toMatchObject({ metricsPort: 9464, metricsHost: '127.0.0.1' });
    expect(() => readConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT: /);
  });
  it('keeps 14 daily backups in DATA_DIR/backups unless told otherwise, and none with BACKUP_KEEP=0', () => {
    expect(readConfig({})).toMatchObject({ backupKeep: 14, backupDir: 'data/backups' });
    expect(readConfig({ DATA_DIR: '/srv/workmate' }).backupDir).toBe('/srv/workmate/backups');
    expect(readConfig({ BACKUP_KEEP: '0', BACKUP_DIR: '/media/usb' })).toMatchObject({ backupKeep: 0, backupDir: '/media/usb' });
    expect(() => readConfig({ BACKUP_KEEP: '-1' })).toThrow(/BACKUP_KEEP: /);
  });
  it('closes idle database connections after 30 s unless DATABASE_IDLE_TIMEOUT_MS says otherwise', () => {
    expect(readConfig({}).databaseIdleTimeoutMs).toBe(30_000);
    expect(readConfig({ DATABASE_IDLE_TIMEOUT_MS: '0' }).databaseIdleTimeoutMs).toBe(0);
    expect(() => readConfig({ DATABASE_IDLE_TIMEOUT_MS: 'soon' })).toThrow(/DATABASE_IDLE_TIMEOUT_MS: /);
  });
});
