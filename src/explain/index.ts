export { IndexAdvisor, type IndexAdvisorOptions, type IndexSuggestion } from './advise.js';
export { comparePlans, DEFAULT_COMPARE_OPTIONS, findBreakingStatement, type CompareOptions, type PlanRegression } from './compare.js';
export { planQuery, type PlanQueryOptions, type QueryPlan } from './plan.js';
