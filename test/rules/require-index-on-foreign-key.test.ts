import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/require-index-on-foreign-key.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

const ordersWithIndex = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);\nCREATE INDEX orders_customer_idx ON orders (customer_id);';

ruleTester(rule, {
  valid: [
    {
      name: 'an index created later in the file',
      code: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);',
    },
    { name: 'a primary key that starts with the column', code: 'CREATE TABLE order_tags (order_id bigint REFERENCES orders, tag text, PRIMARY KEY (order_id, tag));' },
    { name: 'a unique column', code: 'CREATE TABLE profiles (user_id bigint UNIQUE REFERENCES users);' },
    {
      name: 'a composite key led by the same columns in another order',
      code: 'CREATE TABLE t (a int, b int, c int, FOREIGN KEY (a, b) REFERENCES p (x, y));\nCREATE INDEX ON t (b, a, c);',
    },
    {
      name: 'an index of the existing schema',
      existing: ordersWithIndex,
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;',
    },
    {
      name: 'a table unknown to the catalog, indexed in the same file',
      code: 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\nALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;',
    },
    {
      name: 'a table dropped later in the file',
      code: 'CREATE TABLE scratch (id bigint, order_id bigint REFERENCES orders);\nDROP TABLE scratch;',
    },
    {
      name: 'a table unknown to the catalog, given a unique key later',
      code: 'ALTER TABLE profiles ADD COLUMN user_id bigint REFERENCES users;\nALTER TABLE profiles ADD UNIQUE (user_id);',
    },
  ],
  invalid: [
    {
      code: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));',
      errors: [
        {
          line: 1,
          column: 64,
          endLine: 1,
          endColumn: 89,
          message: 'Each row deleted from customers, or whose key changes, makes Postgres scan all of orders for referencing rows, because no index on orders starts with (customer_id).',
        },
      ],
    },
    {
      name: 'a table constraint not covered by the primary key, across lines',
      code:
        'CREATE TABLE order_products (\n  order_id bigint,\n  product_id bigint,\n  PRIMARY KEY (order_id, product_id),\n' +
        '  FOREIGN KEY (order_id) REFERENCES orders,\n  CONSTRAINT order_products_product_fk\n' +
        '    FOREIGN KEY (product_id) REFERENCES app.products (id) ON DELETE CASCADE\n);',
      errors: [{ line: 6, column: 3, endLine: 7, endColumn: 58, message: /deleted from app\.products.*starts with \(product_id\)/ }],
    },
    {
      name: 'a partial index does not count',
      existing: "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);\nCREATE INDEX orders_open_idx ON orders (customer_id) WHERE status = 'open';",
      code: 'ALTER TABLE orders\n  ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;',
      errors: [{ line: 2, column: 7, endLine: 2, endColumn: 83 }],
    },
    {
      name: 'an index led by another column does not count',
      existing: 'CREATE TABLE t (a int, b int);\nCREATE INDEX ON t (b, a);',
      code: 'ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES p;',
      errors: [{ line: 1, column: 19, endLine: 1, endColumn: 47 }],
    },
    {
      name: 'ADD COLUMN ... REFERENCES on a table the catalog does not know',
      code: 'ALTER TABLE app."Orders" ADD COLUMN "Customer" bigint REFERENCES customers;',
      errors: [{ line: 1, column: 55, endLine: 1, endColumn: 75 }],
    },
    {
      name: 'the index is dropped later in the file',
      existing: ordersWithIndex,
      code: 'ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;\nDROP INDEX orders_customer_idx;',
      errors: [{ line: 1, column: 24, endLine: 1, endColumn: 70 }],
    },
  ],
});

describe('require-index-on-foreign-key help', () => {
  it('gives the index to create, without CONCURRENTLY on a new table', () => {
    const [finding] = lintCase(rule, { code: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));' });
    expect(finding!.help).toBe('CREATE INDEX orders_customer_id_idx ON orders (customer_id);');
  });

  it('builds it CONCURRENTLY on an existing table, quoting names that need it', () => {
    const [finding] = lintCase(rule, { code: 'ALTER TABLE app."Orders" ADD COLUMN "Customer" bigint REFERENCES customers;' });
    expect(finding!.help).toBe('CREATE INDEX CONCURRENTLY "Orders_Customer_idx" ON app."Orders" ("Customer");');
  });

  it('names a composite index after all its columns and keeps the name within 63 bytes', () => {
    const table = 'customer_subscription_billing_events_archive';
    const [finding] = lintCase(rule, {
      existing: `CREATE TABLE ${table} (id bigint, plan_id bigint, region_code text);`,
      code: `ALTER TABLE ${table} ADD FOREIGN KEY (plan_id, region_code) REFERENCES plans (id, region);`,
    });
    expect(finding!.help).toBe(
      `CREATE INDEX CONCURRENTLY customer_subscription_billing_events_archive_plan_id_region_idx ON ${table} (plan_id, region_code);`,
    );
  });
});
