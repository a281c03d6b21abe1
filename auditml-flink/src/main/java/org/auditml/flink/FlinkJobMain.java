package org.auditml.flink;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job jar's main class, for {@code flink run} on a cluster: Auditbeat events from a Kafka topic (Auditbeat's
 * {@code output.kafka}) and/or raw auditd lines from another, the jobs of a module or of job files, result documents to another topic through the
 * exactly-once sink. Bad arguments are refused before a Flink job is built.
 */
public final class FlinkJobMain {
    private FlinkJobMain() {
    }

    public static void main(String[] args) throws Exception {
        FlinkJobArguments arguments;
        JobSet jobs;
        try {
            arguments = FlinkJobArguments.parse(args);
            if (arguments.helpOnly()) {
                System.out.print(FlinkJobArguments.usage());
                return;
            }
            jobs = arguments.jobSet();
            arguments.rawReading();
        } catch (IllegalArgumentException e) {
            System.err.println("auditml: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(arguments.configuration());
        build(env, arguments, jobs);
        env.execute("auditml " + jobs.name());
    }

    /** The job, on {@code env}: the topics read, the jobs run, the results written. */
    static void build(StreamExecutionEnvironment env, FlinkJobArguments a, JobSet jobs) {
        // the sources' uids keep their offsets in a savepoint, as AuditmlFlinkJob's keep theirs
        DataStream<String> events = null;
        if (a.eventsTopic != null) {
            events = KafkaTopics.lines(env, a.bootstrapServers, a.eventsTopic, a.groupId, a.untilEnd)
                    .uid("auditbeat-events");
        }
        if (a.rawTopic != null) {
            DataStream<String> raw = AuditmlFlinkJob.rawEvents(KafkaTopics.lines(env, a.bootstrapServers, a.rawTopic,
                    a.groupId, a.untilEnd).uid("raw-lines"), a.rawReading());
            // two topics interleave as they arrive: events of one that lag the other's by more than a job's
            // latency are late
            events = events == null ? raw : events.union(raw);
        }
        KafkaTopics.write(AuditmlFlinkJob.results(events, jobs), a.bootstrapServers, a.resultsTopic,
                a.transactionalIdPrefix);
    }
}
