package org.auditml.testkit;

import java.nio.file.Path;

/**
 * The Numenta Anomaly Benchmark's data, labels and published results, read in place from {@code ../shared/nab}
 * ({@code AUDITML_NAB}); a test that needs it is skipped where it is absent (see {@link SharedData}).
 */
public final class Nab {
    private Nab() {
    }

    /** The NAB root (with data/, labels/, config/ and results/). */
    public static Path root() {
        return SharedData.locate("AUDITML_NAB", "nab", "data", "the Numenta Anomaly Benchmark's data");
    }
}
