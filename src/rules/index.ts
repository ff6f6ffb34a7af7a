import type { Rule } from '../core/rule.js';
import addingColumnVolatileDefault from './adding-column-volatile-default.js';
import addingRequiredColumn from './adding-required-column.js';
import addingSerialColumn from './adding-serial-column.js';
import addingStoredGeneratedColumn from './adding-stored-generated-column.js';
import banCharType from './ban-char-type.js';
import banConcurrentlyInTransaction from './ban-concurrently-in-transaction.js';
import banDomainCheckConstraint from './ban-domain-check-constraint.js';
import banDropColumn from './ban-drop-column.js';
import banDropDatabase from './ban-drop-database.js';
import banDropSchema from './ban-drop-schema.js';
import banDropTable from './ban-drop-table.js';
import banExclusionConstraint from './ban-exclusion-constraint.js';
import banLockTable from './ban-lock-table.js';
import banNestedTransaction from './ban-nested-transaction.js';
import banTruncate from './ban-truncate.js';
import banUncommittedTransaction from './ban-uncommitted-transaction.js';
import banVacuumFullCluster from './ban-vacuum-full-cluster.js';
import baseMigrationFailed from './base-migration-failed.js';
import cartesianProduct from './cartesian-product.js';
import changingColumnType from './changing-column-type.js';
import constraintMissingNotValid from './constraint-missing-not-valid.js';
import downMigrationMismatch from './down-migration-mismatch.js';
import identifierTooLong from './identifier-too-long.js';
import indexOnlyHeapFetches from './index-only-heap-fetches.js';
import indexSuggestion from './index-suggestion.js';
import lossyBitmapScan from './lossy-bitmap-scan.js';
import migrationFailed from './migration-failed.js';
import migrationLayout from './migration-layout.js';
import modifiedMigration from './modified-migration.js';
import planRegression from './plan-regression.js';
import preferBigintKeys from './prefer-bigint-keys.js';
import preferIdentity from './prefer-identity.js';
import preferJsonb from './prefer-jsonb.js';
import preferText from './prefer-text.js';
import preferTimestamptz from './prefer-timestamptz.js';
import queryBrokenByChange from './query-broken-by-change.js';
import queryPlanFailed from './query-plan-failed.js';
import renamingColumn from './renaming-column.js';
import renamingTable from './renaming-table.js';
import repeatedInnerScan from './repeated-inner-scan.js';
import requireConcurrentDetach from './require-concurrent-detach.js';
import requireConcurrentIndexCreation from './require-concurrent-index-creation.js';
import requireConcurrentIndexDeletion from './require-concurrent-index-deletion.js';
import requireConcurrentRefresh from './require-concurrent-refresh.js';
import requireConcurrentReindex from './require-concurrent-reindex.js';
import requireIndexOnForeignKey from './require-index-on-foreign-key.js';
import requireLockTimeout from './require-lock-timeout.js';
import requireUsingIndex from './require-using-index.js';
import requireWhereClause from './require-where-clause.js';
import rowMisestimate from './row-misestimate.js';
import selectiveSeqScan from './selective-seq-scan.js';
import settingNotNull from './setting-not-null.js';
import spillToDisk from './spill-to-disk.js';
import statementsAfterAccessExclusive from './statements-after-access-exclusive.js';
import syntaxError from './syntax-error.js';
import tableRewrite from './table-rewrite.js';
import templatedSql from './templated-sql.js';
import unboundedResult from './unbounded-result.js';
import unreadableFile from './unreadable-file.js';
import unsafeStatementRefused from './unsafe-statement-refused.js';
import unusedIgnore from './unused-ignore.js';
import validateInSameTransaction from './validate-in-same-transaction.js';
import validationScan from './validation-scan.js';

/** Every rule, grouped by category for the docs' rule list. A test keeps this list equal to the files in this folder. */
export const rules: readonly Rule<any>[] = [
  // locking
  addingColumnVolatileDefault,
  addingSerialColumn,
  addingStoredGeneratedColumn,
  banDomainCheckConstraint,
  banExclusionConstraint,
  banLockTable,
  banVacuumFullCluster,
  changingColumnType,
  constraintMissingNotValid,
  requireConcurrentDetach,
  requireConcurrentIndexCreation,
  requireConcurrentIndexDeletion,
  requireConcurrentRefresh,
  requireConcurrentReindex,
  requireLockTimeout,
  requireUsingIndex,
  settingNotNull,
  // transactions
  banConcurrentlyInTransaction,
  banNestedTransaction,
  banUncommittedTransaction,
  statementsAfterAccessExclusive,
  validateInSameTransaction,
  // breaking
  addingRequiredColumn,
  banDropColumn,
  banDropDatabase,
  banDropSchema,
  banDropTable,
  banTruncate,
  renamingColumn,
  renamingTable,
  requireWhereClause,
  // types
  banCharType,
  identifierTooLong,
  preferBigintKeys,
  preferIdentity,
  preferJsonb,
  preferText,
  preferTimestamptz,
  requireIndexOnForeignKey,
  // trace
  migrationFailed,
  tableRewrite,
  validationScan,
  downMigrationMismatch,
  modifiedMigration,
  baseMigrationFailed,
  unsafeStatementRefused,
  // plan
  selectiveSeqScan,
  rowMisestimate,
  spillToDisk,
  repeatedInnerScan,
  indexOnlyHeapFetches,
  lossyBitmapScan,
  cartesianProduct,
  unboundedResult,
  queryBrokenByChange,
  queryPlanFailed,
  planRegression,
  indexSuggestion,
  // meta
  migrationLayout,
  syntaxError,
  templatedSql,
  unreadableFile,
  unusedIgnore,
];
