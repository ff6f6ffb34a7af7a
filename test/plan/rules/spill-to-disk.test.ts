import rule from '../../../src/rules/spill-to-disk.js';
import { planRuleTester } from '../plan-rule-tester.js';

planRuleTester(rule, {
  valid: [
    { plan: 'examples/spill-to-disk.good-1', name: 'quicksort in 13,472 kB of memory' },
    { plan: 'orders-by-status', name: 'a HashAggregate in one batch' },
    { plan: 'examples/cartesian-product.bad-1', name: 'a Materialize in memory' },
    { plan: 'seq-scan-estimate', name: 'no ANALYZE' },
    {
      plan: 'examples/spill-to-disk.bad-1',
      name: 'an 8,232 kB spill under both gates',
      options: { minSpillKb: 10_000, minRuntimeShare: 0.9 },
    },
  ],
  invalid: [
    {
      plan: 'examples/spill-to-disk.bad-1',
      name: 'external merge of 8,232 kB, 83% of the runtime',
      findings: [
        {
          node: 'Sort',
          message: 'Sort spilled to disk (external merge, 8,232 kB written) because its rows did not fit in work_mem (4MB, the default).',
          help: /more than the 8,232 kB it wrote/,
          evidence: { spillKb: 8232, workMem: '4MB, the default' },
        },
      ],
    },
    {
      plan: 'examples/spill-to-disk.bad-1',
      name: 'a large spill counts whatever its share',
      options: { minSpillKb: 8000, minRuntimeShare: 1 },
      findings: [{ node: 'Sort' }],
    },
    {
      plan: 'spill-hash-join',
      name: 'a Hash in 16 batches; the join wrote 838 temp blocks',
      findings: [
        {
          node: 'Hash',
          message: /^Hash split its hash table into 16 batches because it did not fit in work_mem \(64kB\) .*the join wrote 6,704 kB to temporary files/,
          evidence: { spillKb: 6704, workMem: '64kB' },
        },
      ],
    },
    {
      plan: 'spill-hash-aggregate',
      name: 'a HashAggregate in 341 batches, 7,000 kB on disk',
      findings: [{ node: 'HashAggregate', message: /spilled 7,000 kB of groups to disk in 341 batches/, evidence: { spillKb: 7000 } }],
    },
  ],
});
