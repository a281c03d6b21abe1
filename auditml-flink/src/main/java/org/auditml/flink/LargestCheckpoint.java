package org.auditml.flink;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * How large the job's checkpoints get: the job runs over Auditbeat JSON files on a MiniCluster with checkpoints to a
 * directory, which is watched while it runs for the largest completed checkpoint ({@code chk-N} with its
 * {@code _metadata}) on disk. For {@code bench flink}.
 */
public final class LargestCheckpoint {
    private LargestCheckpoint() {
    }

    /** The bytes of the largest checkpoint seen, taken every {@code intervalMillis} into {@code dir}. */
    public static long of(List<Path> files, JobSet jobs, int parallelism, long intervalMillis, Path dir)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        StreamExecutionEnvironment env = LocalFlink.environment(parallelism, conf);
        env.enableCheckpointing(intervalMillis);
        AuditmlFlinkJob.results(AuditmlFlinkJob.fileLines(env, files), jobs).sinkTo(new DiscardingSink<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong largest = new AtomicLong();
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                largest.accumulateAndGet(onDisk(dir), Math::max);
                try {
                    Thread.sleep(Math.max(10, intervalMillis / 4));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "checkpoint watcher");
        watcher.start();
        try {
            env.execute("auditml " + jobs.moduleId() + ", checkpoints watched");
        } finally {
            running.set(false);
            watcher.join();
        }
        return largest.get();
    }

    private static long onDisk(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        long largest = 0;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path metadata : all.filter(p -> p.getFileName().toString().equals("_metadata")).toList()) {
                largest = Math.max(largest, bytesUnder(metadata.getParent()));
            }
        } catch (IOException | UncheckedIOException e) {
            // a checkpoint subsumed while it was walked: the next look counts the newer one
        }
        return largest;
    }

    private static long bytesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
