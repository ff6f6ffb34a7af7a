import type { Rule } from '../core/rule.js';
import requireConcurrentIndexCreation from './require-concurrent-index-creation.js';
import syntaxError from './syntax-error.js';
import templatedSql from './templated-sql.js';
import unreadableFile from './unreadable-file.js';
import unusedIgnore from './unused-ignore.js';

/** Every rule, in the order of the docs' rule list. A test keeps this list equal to the files in this folder. */
export const rules: readonly Rule<any>[] = [
  requireConcurrentIndexCreation,
  syntaxError,
  templatedSql,
  unreadableFile,
  unusedIgnore,
];
