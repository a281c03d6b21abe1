package org.auditml.read;

import org.auditml.read.beat.BeatEventParser;
import org.auditml.read.ecs.EcsJsonWriter;
import org.auditml.testkit.FleetLogGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our JSON output is Auditbeat's shape, so reading it back as Auditbeat JSON gives the very same event: parse of the
 * raw log and parse of the Auditbeat-shaped output of it agree on every field.
 */
class RoundTripProperties {

    @Property(tries = 20)
    void rawEvents_writtenAsAuditbeatJsonAndReadBack_areEqual(@ForAll long seed) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        FleetLogGenerator.Truth truth = new FleetLogGenerator(seed, 4, 1_700_000_000_000L, 0.1).write(log, 20_000);
        List<AuditEvent> events = new ArrayList<>();
        ReadReport report = new ReadReport();
        new AuditReader(ReaderOptions.defaults("h")).read("gen.log", new ByteArrayInputStream(log.toByteArray()),
                events::add, report);

        assertThat(events).hasSize((int) truth.events());
        assertThat(report.malformedLines()).isZero();
        BeatEventParser beat = new BeatEventParser();
        for (AuditEvent e : events) {
            assertThat(beat.parse(EcsJsonWriter.toJson(e))).isEqualTo(e);
        }
    }

    @Property(tries = 20)
    void generatedLog_readsBackTheGeneratorsTruth(@ForAll long seed) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        FleetLogGenerator.Truth truth = new FleetLogGenerator(seed, 5, 1_700_000_000_000L, 0.2).write(log, 30_000);
        List<AuditEvent> events = new ArrayList<>();
        ReadReport report = new ReadReport();
        new AuditReader(ReaderOptions.defaults("h")).read("gen.log", new ByteArrayInputStream(log.toByteArray()),
                events::add, report);

        ReadReport.Source source = report.sources().get("gen.log");
        assertThat(source.records()).isEqualTo(truth.records());
        assertThat(source.incomplete()).isZero();
        truth.executionsByHost().forEach((host, n) ->
                assertThat(source.nodes().get(host).eventsByAction().get("executed")).as(host).isEqualTo(n));
        source.nodes().values().forEach(n -> assertThat(n.serialGaps()).as(n.name()).isZero());
    }
}
