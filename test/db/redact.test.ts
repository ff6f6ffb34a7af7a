import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/db/index.js';
import { hideSecrets } from '../../src/db/redact.js';

describe('redactUrl', () => {
  it('masks the password and keeps what identifies the server', () => {
    expect(redactUrl('postgres://app:s3cr%40t@db.example.com:6543/app?sslmode=require')).toBe(
      'postgres://app:***@db.example.com:6543/app?sslmode=require',
    );
  });

  it('masks a password given as a query parameter', () => {
    expect(redactUrl('postgresql://app@db/app?Password=s3cret&sslmode=require')).toBe(
      'postgresql://app@db/app?Password=***&sslmode=require',
    );
  });

  it('leaves a URL without a password as it is', () => {
    expect(redactUrl('postgres://app@db:5432/app')).toBe('postgres://app@db:5432/app');
  });

  it('masks the password of a URL the URL parser rejects', () => {
    expect(redactUrl('postgres://app:s3cret@[not-a-host/app')).toBe('postgres://app:***@[not-a-host/app');
  });
});

describe('hideSecrets', () => {
  it('masks the password in both its encoded and its decoded form', () => {
    const url = 'postgres://app:s3cr%40t@db/app';
    expect(hideSecrets('bad: s3cr%40t and s3cr@t', url)).toBe('bad: *** and ***');
  });
});
