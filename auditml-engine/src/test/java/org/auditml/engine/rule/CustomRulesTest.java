package org.auditml.engine.rule;

import org.auditml.engine.AnomalyJob;
import org.auditml.engine.TestFleet;
import org.auditml.engine.calendar.ScheduledEvent;
import org.auditml.engine.context.RarityContext;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.JobParser;
import org.auditml.engine.result.AnomalyRecord;
import org.auditml.engine.result.BucketResult;
import org.auditml.engine.result.Result;
import org.auditml.engine.series.JobRules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Custom rules, filters and scheduled events on a fleet with a known truth ({@link TestFleet}: a weekly pg_dump and a
 * nightly logrotate that are known-good, a never-seen miner on web-02 at night, an ssh/scp storm on the bastion).
 */
class CustomRulesTest {
    private static final long HOUR = TestFleet.HOUR;

    private static String rareJob(String rules) {
        return """
                {"analysis_config": {"bucket_span": "1h",
                   "detectors": [{"function": "rare", "by_field_name": "process.executable",
                                  "partition_field_name": "host.name" %s}],
                   "influencers": ["host.name", "process.executable"]}}
                """.formatted(rules == null ? "" : ", \"custom_rules\": " + rules);
    }

    private static String rateJob(String rules) {
        return """
                {"analysis_config": {"bucket_span": "1h",
                   "detectors": [{"function": "high_non_zero_count", "partition_field_name": "host.name" %s}],
                   "influencers": ["host.name"]}}
                """.formatted(rules == null ? "" : ", \"custom_rules\": " + rules);
    }

    private static final Filter KNOWN_GOOD = new Filter("known_good", "jobs the admins run",
            List.of("/usr/bin/pg_dump", "*rotate"));

    private static List<Result> run(String json, List<Filter> filters, List<ScheduledEvent> events,
                                    List<TestFleet.Event> fleet) {
        Job job = JobParser.parse(json, "test");
        Map<String, Filter> byId = new java.util.TreeMap<>();
        filters.forEach(f -> byId.put(f.filterId(), f));
        AnomalyJob anomalyJob = new AnomalyJob(job, RarityContext.NONE, JobRules.of(job, byId, events));
        List<Result> results = new ArrayList<>();
        fleet.forEach(e -> results.addAll(anomalyJob.accept(e)));
        results.addAll(anomalyJob.flush());
        return results;
    }

    private static List<AnomalyRecord> records(List<Result> results) {
        return TestFleet.records(results);
    }

    /** Where and what each record is, without its score. */
    private static List<String> places(List<AnomalyRecord> records) {
        return records.stream().map(r -> r.timestamp() + " " + r.partitionFieldValue() + " " + r.byFieldValue())
                .sorted().toList();
    }

    @Test
    void ruleWithAFilter_silencesTheKnownGoodProcesses_andKeepsEveryOtherRecord() {
        List<AnomalyRecord> without = records(run(rareJob(null), List.of(), List.of(), TestFleet.processes()));
        List<AnomalyRecord> with = records(run(rareJob("""
                [{"actions": ["skip_result"],
                  "scope": {"process.executable": {"filter_id": "known_good", "filter_type": "include"}}}]"""),
                List.of(KNOWN_GOOD), List.of(), TestFleet.processes()));

        assertThat(without).extracting(AnomalyRecord::byFieldValue)
                .contains("/usr/bin/pg_dump", "/usr/sbin/logrotate", "/tmp/.cache/xxprimef");
        assertThat(with).extracting(AnomalyRecord::byFieldValue)
                .doesNotContain("/usr/bin/pg_dump", "/usr/sbin/logrotate").contains("/tmp/.cache/xxprimef");
        List<AnomalyRecord> othersWithout = without.stream().filter(r -> !KNOWN_GOOD.matches(r.byFieldValue())).toList();
        assertThat(places(with)).isEqualTo(places(othersWithout));
        assertThat(with.get(0).byFieldValue()).isEqualTo("/tmp/.cache/xxprimef");
    }

    @Test
    void excludeFilter_keepsOnlyTheFilteredValues() {
        List<AnomalyRecord> with = records(run(rareJob("""
                [{"scope": {"process.executable": {"filter_id": "known_good", "filter_type": "exclude"}}}]"""),
                List.of(KNOWN_GOOD), List.of(), TestFleet.processes()));

        assertThat(with).isNotEmpty().allSatisfy(r -> assertThat(KNOWN_GOOD.matches(r.byFieldValue())).isTrue());
    }

    @Test
    void aFilterThatMatchesNothing_changesNoResult() {
        Filter none = new Filter("none", null, List.of("/nowhere/*"));
        List<Result> without = run(rareJob(null), List.of(), List.of(), TestFleet.processes());
        List<Result> with = run(rareJob("""
                [{"actions": ["skip_result", "skip_model_update"],
                  "scope": {"process.executable": {"filter_id": "none"}}}]"""),
                List.of(none), List.of(), TestFleet.processes());

        assertThat(with).isEqualTo(without);
    }

    @Test
    void conditionOnActual_skipsTheSmallSpikes_andKeepsTheStorm() {
        List<AnomalyRecord> without = records(run(rateJob(null), List.of(), List.of(), TestFleet.processes()));
        List<AnomalyRecord> with = records(run(rateJob("""
                [{"actions": ["skip_result"], "conditions": [{"applies_to": "actual", "operator": "lt", "value": 100}]}]"""),
                List.of(), List.of(), TestFleet.processes()));

        assertThat(without).anySatisfy(r -> assertThat(r.actual().get(0)).isLessThan(100));
        assertThat(with).isNotEmpty().allSatisfy(r -> assertThat(r.actual().get(0)).isGreaterThanOrEqualTo(100));
        assertThat(with.get(0).timestamp()).isEqualTo(TestFleet.STORM_HOUR);
        // skipped results leave the scale too, so records that scored nothing before may score now
        assertThat(places(with)).containsAll(places(without.stream().filter(r -> r.actual().get(0) >= 100).toList()));
    }

    @Test
    void conditionsOnTypicalAndDiffFromTypical_areEachTestedOnTheSeries() {
        List<AnomalyRecord> without = records(run(rateJob(null), List.of(), List.of(), TestFleet.processes()));
        // typical above 25 an hour: the office hours; a difference of less than 20 from it: the small deviations
        List<AnomalyRecord> with = records(run(rateJob("""
                [{"conditions": [{"applies_to": "typical", "operator": "gt", "value": 25},
                                 {"applies_to": "diff_from_typical", "operator": "lte", "value": 20}]}]"""),
                List.of(), List.of(), TestFleet.processes()));

        List<AnomalyRecord> kept = without.stream()
                .filter(r -> !(r.typical().get(0) > 25 && Math.abs(r.actual().get(0) - r.typical().get(0)) <= 20))
                .toList();
        assertThat(kept.size()).isLessThan(without.size());
        assertThat(places(with)).containsAll(places(kept));
        assertThat(with).noneSatisfy(r -> assertThat(r.typical().get(0) > 25
                && Math.abs(r.actual().get(0) - r.typical().get(0)) <= 20).isTrue());
    }

    /** The storm, and the same storm the next day: a model that learnt the first finds the second less unusual. */
    private static List<TestFleet.Event> twoStorms() {
        List<TestFleet.Event> events = new ArrayList<>(TestFleet.processes());
        java.util.Random r = new java.util.Random(3);
        long second = TestFleet.STORM_HOUR + 24 * HOUR;
        for (int i = 0; i < 400; i++) {
            events.add(new TestFleet.Event(second + r.nextInt(3_600_000), "bastion-01", "/usr/bin/ssh"));
        }
        events.sort(Comparator.comparingLong(TestFleet.Event::timestampMillis));
        return events;
    }

    private static AnomalyRecord at(List<AnomalyRecord> records, long time) {
        return records.stream().filter(r -> r.timestamp() == time && "bastion-01".equals(r.partitionFieldValue()))
                .findFirst().orElseThrow(() -> new AssertionError("no record of bastion-01 at " + time));
    }

    @Test
    void skipModelUpdate_keepsTheModelFromLearningTheSpike_andKeepsItsRecord() {
        long second = TestFleet.STORM_HOUR + 24 * HOUR;
        List<AnomalyRecord> learning = records(run(rateJob(null), List.of(), List.of(), twoStorms()));
        List<AnomalyRecord> notLearning = records(run(rateJob("""
                [{"actions": ["skip_model_update"], "conditions": [{"applies_to": "actual", "operator": "gt", "value": 300}]}]"""),
                List.of(), List.of(), twoStorms()));

        // the first storm's record stays: the rule only keeps the model from learning it
        assertThat(at(notLearning, TestFleet.STORM_HOUR).probability())
                .isEqualTo(at(learning, TestFleet.STORM_HOUR).probability());
        // the second storm is less likely to a model that did not learn the first
        assertThat(at(notLearning, second).probability()).isLessThan(at(learning, second).probability());
        assertThat(at(notLearning, second).typical().get(0)).isLessThan(at(learning, second).typical().get(0));
    }

    @Test
    void scheduledEvent_suppressesTheResultsOfItsBuckets_andOnlyThose() {
        // a maintenance window from 10:30 to 11:30 on the storm's day: its buckets, 10:00 and 11:00, have no records
        ScheduledEvent maintenance = new ScheduledEvent("ops", "e1", "maintenance", TestFleet.STORM_HOUR - HOUR / 2,
                TestFleet.STORM_HOUR + HOUR / 2, true, true, null);
        List<Result> without = run(rateJob(null), List.of(), List.of(), TestFleet.processes());
        List<Result> with = run(rateJob(null), List.of(), List.of(maintenance), TestFleet.processes());

        long from = TestFleet.STORM_HOUR - HOUR;
        long to = TestFleet.STORM_HOUR + HOUR;
        assertThat(records(without)).anySatisfy(r -> assertThat(r.timestamp()).isEqualTo(TestFleet.STORM_HOUR));
        assertThat(records(with)).noneSatisfy(r -> assertThat(r.timestamp()).isBetween(from, TestFleet.STORM_HOUR));
        assertThat(with).filteredOn(r -> r instanceof BucketResult b && b.timestamp() >= from && b.timestamp() < to)
                .hasSize(2).allSatisfy(b -> assertThat(((BucketResult) b).anomalyScore()).isZero());
        assertThat(places(records(with).stream().filter(r -> r.timestamp() < from).toList()))
                .isEqualTo(places(records(without).stream().filter(r -> r.timestamp() < from).toList()));
    }

    @Test
    void scheduledEventThatOnlySkipsModelUpdates_keepsItsResults() {
        ScheduledEvent learnNothing = new ScheduledEvent("ops", "e1", "storm drill", TestFleet.STORM_HOUR,
                TestFleet.STORM_HOUR + HOUR, false, true, null);
        List<AnomalyRecord> with = records(run(rateJob(null), List.of(), List.of(learnNothing), twoStorms()));
        List<AnomalyRecord> without = records(run(rateJob(null), List.of(), List.of(), twoStorms()));

        assertThat(at(with, TestFleet.STORM_HOUR).probability()).isEqualTo(at(without, TestFleet.STORM_HOUR).probability());
        long second = TestFleet.STORM_HOUR + 24 * HOUR;
        assertThat(at(with, second).probability()).isLessThan(at(without, second).probability());
    }

    @Test
    void aRuleNamingAFilterThatDoesNotExist_isRefusedWithTheDetectorAndTheRule() {
        Job job = JobParser.parse(rareJob("""
                [{"scope": {"process.executable": {"filter_id": "known_good"}}},
                 {"scope": {"host.name": {"filter_id": "lab_hosts"}}}]"""), "test");

        assertThatThrownBy(() -> JobRules.of(job, Map.of("known_good", KNOWN_GOOD), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("analysis_config.detectors[0].custom_rules[1].scope.host.name.filter_id")
                .hasMessageContaining("no filter with id [lab_hosts] exists");
    }

    @Test
    void badRules_areRefusedAsElasticRefusesThem() {
        assertThatThrownBy(() -> JobParser.parse(rareJob("""
                [{"scope": {"user.name": {"filter_id": "f"}}}]"""), "test"))
                .hasMessageContaining("custom_rules[0].scope.user.name")
                .hasMessageContaining("scope field [user.name] is invalid; select from [process.executable, host.name]");
        assertThatThrownBy(() -> JobParser.parse(rareJob("""
                [{"conditions": [{"applies_to": "actual", "operator": "gt", "value": 1}]}]"""), "test"))
                .hasMessageContaining("function [rare] only supports conditions that apply to time");
        assertThatThrownBy(() -> JobParser.parse(rateJob("[{\"actions\": [\"skip_result\"]}]"), "test"))
                .hasMessageContaining("custom_rules[0]: at least a scope or a condition is required");
        assertThatThrownBy(() -> JobParser.parse(rateJob("""
                [{"actions": ["drop"], "conditions": [{"applies_to": "actual", "operator": "gt", "value": 1}]}]"""), "test"))
                .hasMessageContaining("custom_rules[0].actions[0]: must be skip_result or skip_model_update");
        assertThatThrownBy(() -> JobParser.parse(rateJob("""
                [{"conditions": [{"applies_to": "actual", "operator": "greater", "value": "1"}]}]"""), "test"))
                .hasMessageContaining("conditions[0].operator: must be gt, gte, lt or lte")
                .hasMessageContaining("conditions[0].value: must be a number");
    }

    @Test
    void rules_surviveTheJobsJson() {
        Job job = JobParser.parse(rateJob("""
                [{"actions": ["skip_result", "skip_model_update"],
                  "scope": {"host.name": {"filter_id": "lab", "filter_type": "exclude"}},
                  "conditions": [{"applies_to": "diff_from_typical", "operator": "gte", "value": 2.5}]}]"""), "test");

        Job again = JobParser.parse(JobParser.toJson(job), "test");
        assertThat(again.analysisConfig().detectors().get(0).customRules())
                .isEqualTo(job.analysisConfig().detectors().get(0).customRules()).hasSize(1);
        assertThat(JobParser.toJson(JobParser.parse(rateJob(null), "test"))).doesNotContain("custom_rules");
    }

    @Test
    void filterItems_matchAsElasticsWildcardsDo() {
        Filter f = new Filter("f", null, List.of("*.example.com", "/usr/lib/*", "*cron*", "exact"));
        assertThat(f.matches("www.example.com")).isTrue();
        assertThat(f.matches("example.com")).isFalse();
        assertThat(f.matches("/usr/lib/x/y")).isTrue();
        assertThat(f.matches("/usr/local/lib/x")).isFalse();
        assertThat(f.matches("/usr/sbin/anacron")).isTrue();
        assertThat(f.matches("exact")).isTrue();
        assertThat(f.matches("Exact")).isFalse();
        assertThat(f.matches("exactly")).isFalse();
        assertThat(f.matches(null)).isFalse();
    }
}
