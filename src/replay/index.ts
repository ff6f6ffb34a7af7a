export { applyMigration, applySetup, type ReplayFailure, type ReplayInput } from './apply.js';
export { checkDownMigration, type DownCheck } from './down.js';
export { compareFingerprints, schemaFingerprint, type SchemaFingerprint, type SchemaObject } from './fingerprint.js';
