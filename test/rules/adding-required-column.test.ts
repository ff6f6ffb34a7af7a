import rule from '../../src/rules/adding-required-column.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    "ALTER TABLE orders ADD COLUMN currency text NOT NULL DEFAULT 'EUR';",
    'ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();',
    'ALTER TABLE orders ADD COLUMN currency text;',
    'ALTER TABLE orders ADD COLUMN line_no bigint GENERATED ALWAYS AS IDENTITY NOT NULL;',
    'ALTER TABLE orders ADD COLUMN seq bigserial NOT NULL;',
    'ALTER TABLE orders ADD COLUMN total numeric NOT NULL GENERATED ALWAYS AS (net + tax) STORED;',
    { name: 'table created earlier in the same change', code: 'CREATE TABLE carts (id bigint);\nALTER TABLE carts ADD COLUMN owner_id bigint NOT NULL;' },
    { name: 'SET NOT NULL is not an added column', code: 'ALTER TABLE orders ALTER COLUMN currency SET NOT NULL;' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ADD COLUMN currency text NOT NULL;',
      errors: [{ line: 1, column: 20, endLine: 1, endColumn: 53, message: /^Adding column currency to orders as NOT NULL without a DEFAULT fails/ }],
    },
    {
      name: 'a PRIMARY KEY column is NOT NULL too',
      code: 'ALTER TABLE orders ADD id2 bigint PRIMARY KEY;',
      errors: [{ line: 1, column: 20, endLine: 1, endColumn: 46, message: /as a PRIMARY KEY without a DEFAULT/ }],
    },
    {
      name: 'DEFAULT NULL is no default',
      code: 'ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT NULL;',
      errors: [{ line: 1, column: 20, endLine: 1, endColumn: 64 }],
    },
    {
      name: 'multi-line ALTER TABLE: each required column at its own action',
      code:
        'ALTER TABLE shop.orders\n' +
        '  ADD COLUMN note text,\n' +
        '  ADD COLUMN status text CONSTRAINT status_nn NOT NULL,\n' +
        '  ADD COLUMN amount numeric(10, 2) NOT NULL;',
      errors: [
        { line: 3, column: 3, endLine: 3, endColumn: 55, message: /status to shop\.orders/ },
        { line: 4, column: 3, endLine: 4, endColumn: 44, message: /amount to shop\.orders/ },
      ],
    },
    {
      name: 'table from an existing migration',
      existing: 'CREATE TABLE t (id int);',
      code: 'ALTER TABLE t ADD c int NOT NULL;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 33 }],
    },
  ],
});
