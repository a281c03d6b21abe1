package org.auditml.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink environment in this process (a MiniCluster) that listens on loopback only, on free ports; a failed job is
 * restarted twice from its last checkpoint, then fails.
 */
public final class LocalFlink {
    private LocalFlink() {
    }

    public static StreamExecutionEnvironment environment(int parallelism) {
        return environment(parallelism, new Configuration());
    }

    /** The environment with the job's own {@code settings} too (its checkpoints, its state backend). */
    public static StreamExecutionEnvironment environment(int parallelism, Configuration settings) {
        Configuration conf = new Configuration(settings);
        conf.setString("rest.bind-port", "0");
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("jobmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(parallelism));
        // with checkpoints Flink's default is to restart forever; a local run that keeps failing should say so
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "2");
        conf.setString("restart-strategy.fixed-delay.delay", "0 s");
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }
}
