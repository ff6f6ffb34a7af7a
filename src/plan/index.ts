export { checkPlan, type PlanCheckOptions, type PlanEvidence, type PlanFinding } from './check.js';
export { parseExplain, type Explain, type PlanNode } from './model.js';
export { formatCost, formatRise, nodeLabel, planExcerpt, planLines, planText, relationName } from './text.js';
export { actualRows, exclusiveTime, inclusiveTime, isAnalyzed, relationsBelow, walkPlan, workShare, type PlanVisit } from './walk.js';
