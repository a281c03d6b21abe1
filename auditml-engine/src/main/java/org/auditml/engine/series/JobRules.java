package org.auditml.engine.series;

import org.auditml.engine.bucket.SeriesKey;
import org.auditml.engine.calendar.ScheduledEvent;
import org.auditml.engine.job.Detector;
import org.auditml.engine.job.Job;
import org.auditml.engine.job.RuleParser;
import org.auditml.engine.rule.DetectionRule;
import org.auditml.engine.rule.Filter;
import org.auditml.engine.rule.RuleAction;
import org.auditml.engine.rule.RuleScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job's custom rules with their filters, and the scheduled events of its calendars, as a running job applies them
 * where a record is made ({@link #skipsResult}) and where a model learns ({@link #skipsModelUpdate}). Elastic turns
 * a scheduled event into a rule of every detector whose condition is the bucket's time; so does this.
 */
public final class JobRules {
    /** A job without rules, filters or scheduled events. */
    public static final JobRules NONE = new JobRules(List.of(), Map.of(), List.of(), 1);

    private final List<Detector> detectors;
    private final Map<String, Filter> filters;
    private final List<ScheduledEvent> events;
    private final long spanMillis;

    private JobRules(List<Detector> detectors, Map<String, Filter> filters, List<ScheduledEvent> events,
                     long spanMillis) {
        this.detectors = detectors;
        this.filters = filters;
        this.events = events;
        this.spanMillis = spanMillis;
    }

    /**
     * The rules of {@code job} with the filters they name, and the scheduled events of its calendars. A filter a rule
     * names and {@code filters} lacks is refused, naming the detector and the rule.
     */
    public static JobRules of(Job job, Map<String, Filter> filters, List<ScheduledEvent> events) {
        RuleParser.checkFilters(job, filters.keySet());
        List<Detector> detectors = job.analysisConfig().detectors();
        Map<String, Filter> used = new TreeMap<>();
        detectors.forEach(d -> d.customRules().forEach(r -> r.scope().values()
                .forEach(s -> used.put(s.filterId(), filters.get(s.filterId())))));
        if (events.isEmpty() && detectors.stream().allMatch(d -> d.customRules().isEmpty())) {
            return NONE;
        }
        return new JobRules(detectors, used, List.copyOf(events), job.analysisConfig().bucketSpan().toMillis());
    }

    /** The descriptions of the scheduled events the bucket starting at {@code bucketStart} is in. */
    public List<String> eventsAt(long bucketStart) {
        List<String> out = new ArrayList<>();
        for (ScheduledEvent e : events) {
            if (e.covers(bucketStart, spanMillis)) {
                out.add(e.description());
            }
        }
        return out;
    }

    /** Whether a detector's result for a series (with its actual and typical values) is skipped in the bucket. */
    public boolean skipsResult(int detector, SeriesKey key, double actual, double typical, long bucketStart) {
        return applies(RuleAction.SKIP_RESULT, detector, key, actual, typical, bucketStart);
    }

    /** Whether a detector's model leaves a series (with its actual and typical values) out of the bucket. */
    public boolean skipsModelUpdate(int detector, SeriesKey key, double actual, double typical, long bucketStart) {
        return applies(RuleAction.SKIP_MODEL_UPDATE, detector, key, actual, typical, bucketStart);
    }

    private boolean applies(RuleAction action, int detector, SeriesKey key, double actual, double typical,
                            long bucketStart) {
        for (ScheduledEvent e : events) {
            boolean acts = action == RuleAction.SKIP_RESULT ? e.skipResult() : e.skipModelUpdate();
            if (acts && e.covers(bucketStart, spanMillis)) {
                return true;
            }
        }
        if (detectors.isEmpty()) {
            return false;
        }
        Detector d = detectors.get(detector);
        for (DetectionRule rule : d.customRules()) {
            if (rule.does(action) && inScope(rule, d, key) && rule.conditions().stream()
                    .allMatch(c -> c.test(actual, typical, bucketStart))) {
                return true;
            }
        }
        return false;
    }

    private boolean inScope(DetectionRule rule, Detector d, SeriesKey key) {
        for (Map.Entry<String, RuleScope> s : rule.scope().entrySet()) {
            String field = s.getKey();
            String value = field.equals(d.partitionFieldName()) ? key.partition()
                    : field.equals(d.overFieldName()) ? key.over() : key.by();
            if (!s.getValue().covers(filters.get(s.getValue().filterId()), value)) {
                return false;
            }
        }
        return true;
    }
}
