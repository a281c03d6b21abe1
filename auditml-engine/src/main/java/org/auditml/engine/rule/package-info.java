/**
 * Elastic's custom rules on detectors and the filters they name: a rule's scope (a by, over or partition value in
 * or out of a filter) and conditions (on actual, typical, their difference, or the bucket's time) decide when a
 * detector skips a result or leaves its model as it was. Plain values: {@link org.auditml.engine.job.RuleParser}
 * reads them, {@link org.auditml.engine.series.JobRules} applies them.
 */
package org.auditml.engine.rule;
