package org.auditml.bench;

import org.auditml.nab.DataFile;
import org.auditml.nab.NabCorpus;
import org.auditml.nab.NabScorer;
import org.auditml.nab.RawScore;
import org.auditml.nab.ResultCsv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The NAB bench on a few small NAB files (read in place under ../shared/nab or $AUDITML_NAB). */
class NabBenchTest {
    /** Small files of three categories, each with labelled windows. */
    private static final List<String> FILES = List.of("realAdExchange/exchange-3_cpm_results.csv",
            "realTraffic/speed_7578.csv", "realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv");
    private static NabCorpus corpus;

    @BeforeAll
    static void load() {
        corpus = NabCorpus.load(org.auditml.testkit.Nab.root());
    }

    @Test
    void resultFilesHaveOneRowPerInputRowInOrderWithScoresInZeroToOne(@TempDir Path out) {
        for (String name : FILES) {
            double[] scores = NabBench.runFile(corpus, name, out);
            DataFile input = corpus.file(name);
            ResultCsv.Rows rows = ResultCsv.read(out.resolve(name));

            assertThat(rows.anomalyScores()).hasSize(input.rowCount()).containsExactly(scores);
            for (int i = 0; i < input.rowCount(); i++) {
                assertThat(rows.timestamps().get(i)).as("%s row %d", name, i).isEqualTo(input.timestamp(i));
            }
            assertThat(java.util.Arrays.stream(scores)).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
        }
    }

    @Test
    void everyFileHasAnAlertInsideALabelledWindowAndFewOutside(@TempDir Path out) {
        NabScorer scorer = new NabScorer(corpus);
        for (String name : FILES) {
            double[] scores = NabBench.runFile(corpus, name, out);
            // 0.75: the contextual model's own alert threshold (CAD OSE's), not a tuned one
            RawScore s = scorer.scoreFile(name, scores, corpus.profiles().get("standard"), 0.75);
            assertThat(s.detectedWindows()).as(name).isPositive();
            assertThat(s.falsePositives()).as(name).isLessThanOrEqualTo(3);
        }
    }
}
