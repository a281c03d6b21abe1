package org.auditml.service;

import org.auditml.engine.calendar.Calendar;
import org.auditml.engine.calendar.CalendarParser;
import org.auditml.engine.calendar.ScheduledEvent;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.module.Module;
import org.auditml.engine.rule.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's filters and calendars, as Elastic's _ml/filters and _ml/calendars APIs keep them. */
class FiltersAndCalendarsTest {
    private static final String RULED_JOB = """
            {"job_id": "rare_processes", "groups": ["linux"],
             "analysis_config": {"bucket_span": "1h",
               "detectors": [{"function": "rare", "by_field_name": "process.executable",
                              "partition_field_name": "host.name",
                              "custom_rules": [{"scope": {"process.executable": {"filter_id": "safe"}}}]}]}}""";

    private static java.util.function.Consumer<RequestException> kind(RequestException.Kind kind) {
        return e -> assertThat(e.kind()).isEqualTo(kind);
    }

    private static Module.SetUpJob job(String json) {
        return AuditmlService.jobFile(json, "x", null).jobs().get(0);
    }

    @Test
    void filters_areCreatedReadUpdatedAndDeleted_asElasticDoes(@TempDir Path dir) {
        try (AuditmlService service = AuditmlService.open(dir.resolve("s.duckdb"))) {
            service.putFilter(new Filter("safe", "known-good programs", List.of("/usr/sbin/logrotate")));
            assertThatThrownBy(() -> service.putFilter(new Filter("safe", null, List.of())))
                    .isInstanceOfSatisfying(RequestException.class, kind(RequestException.Kind.ALREADY_EXISTS)).hasMessage("A filter with id [safe] already exists");

            Filter updated = service.updateFilter("safe", "still known-good", List.of("/usr/bin/pg_dump*"),
                    List.of("/usr/sbin/logrotate"));
            assertThat(updated.items()).containsExactly("/usr/bin/pg_dump*");
            assertThat(updated.description()).isEqualTo("still known-good");
            assertThatThrownBy(() -> service.updateFilter("safe", null, List.of(), List.of("/bin/nope")))
                    .isInstanceOf(RequestException.class)
                    .hasMessage("Cannot remove item [/bin/nope] as it is not present in filter [safe]");
            assertThatThrownBy(() -> service.updateFilter("other", null, List.of(), List.of()))
                    .isInstanceOfSatisfying(RequestException.class, kind(RequestException.Kind.NOT_FOUND)).hasMessage("No filter with id [other] exists");

            service.putJob(job(RULED_JOB));
            assertThatThrownBy(() -> service.deleteFilter("safe")).isInstanceOfSatisfying(RequestException.class, kind(RequestException.Kind.CONFLICT))
                    .hasMessage("Cannot delete filter [safe] currently used by jobs [rare_processes]");
            service.putFilter(new Filter("unused", null, List.of("a")));
            service.deleteFilter("unused");
            assertThat(service.filters()).extracting(Filter::filterId).containsExactly("safe");
        }
        try (AuditmlService reopened = AuditmlService.open(dir.resolve("s.duckdb"))) {
            assertThat(reopened.filter("safe")).hasValueSatisfying(f ->
                    assertThat(f.items()).containsExactly("/usr/bin/pg_dump*"));
        }
    }

    @Test
    void aJobWhoseRuleNamesAnUnknownFilter_isRefusedAtPut_withTheDetectorAndRule(@TempDir Path dir) {
        try (AuditmlService service = AuditmlService.open(dir.resolve("s.duckdb"))) {
            assertThatThrownBy(() -> service.putJob(job(RULED_JOB)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("analysis_config.detectors[0].custom_rules[0].scope.process.executable"
                            + ".filter_id: no filter with id [safe] exists");
            assertThat(service.jobIds()).isEmpty();
        }
    }

    @Test
    void calendars_holdJobsOrGroups_andTheirEvents(@TempDir Path dir) {
        try (AuditmlService service = AuditmlService.open(dir.resolve("s.duckdb"))) {
            service.putFilter(new Filter("safe", null, List.of("x")));
            service.putJob(job(RULED_JOB));
            assertThatThrownBy(() -> service.putCalendar(new Calendar("ops", List.of("nobody"), null)))
                    .isInstanceOfSatisfying(RequestException.class, kind(RequestException.Kind.NOT_FOUND)).hasMessageContaining("No known job with id 'nobody'");
            service.putCalendar(new Calendar("ops", List.of("linux"), "maintenance windows"));
            assertThatThrownBy(() -> service.putCalendar(new Calendar("ops", List.of(), null)))
                    .isInstanceOfSatisfying(RequestException.class, kind(RequestException.Kind.ALREADY_EXISTS));
            service.putCalendar(new Calendar("holidays", List.of(), null));
            assertThat(service.addCalendarJob("holidays", "rare_processes,linux").jobIds())
                    .containsExactly("rare_processes", "linux");
            assertThat(service.removeCalendarJob("holidays", "linux").jobIds()).containsExactly("rare_processes");
            assertThatThrownBy(() -> service.removeCalendarJob("holidays", "linux"))
                    .isInstanceOfSatisfying(RequestException.class, kind(RequestException.Kind.NOT_FOUND))
                    .hasMessage("Cannot remove [linux] as it is not present in calendar [holidays]");

            List<ScheduledEvent> posted = service.postCalendarEvents("ops", CalendarParser.events("""
                    {"events": [
                      {"description": "kernel upgrade", "start_time": "2025-11-18T10:30:00Z", "end_time": 1763465400000},
                      {"description": "backup window", "start_time": 1763600000000, "end_time": 1763603600000,
                       "skip_result": true, "skip_model_update": false}]}""", "ops"));
            assertThat(posted).allSatisfy(e -> assertThat(e.eventId()).isNotBlank())
                    .allSatisfy(e -> assertThat(e.calendarId()).isEqualTo("ops"));
            assertThat(posted.get(0).startTimeMillis()).isEqualTo(Instant.parse("2025-11-18T10:30:00Z").toEpochMilli());
            assertThat(posted.get(1).skipModelUpdate()).isFalse();

            assertThat(service.calendarEvents("ops", null, null, null)).hasSize(2);
            assertThat(service.calendarEvents("_all", Instant.ofEpochMilli(1763500000000L), null, null))
                    .extracting(ScheduledEvent::description).containsExactly("backup window");
            assertThat(service.calendarEvents("_all", null, null, "rare_processes")).hasSize(2); // through its group
            assertThatThrownBy(() -> service.postCalendarEvents("nope", posted))
                    .isInstanceOfSatisfying(RequestException.class, kind(RequestException.Kind.NOT_FOUND)).hasMessage("No calendar with id [nope]");

            service.deleteCalendarEvent("ops", posted.get(0).eventId());
            assertThat(service.calendarEvents("ops", null, null, null)).extracting(ScheduledEvent::description)
                    .containsExactly("backup window");
            assertThatThrownBy(() -> service.deleteCalendarEvent("holidays", posted.get(1).eventId()))
                    .isInstanceOf(RequestException.class);
            service.deleteCalendar("ops");
            assertThat(service.calendar("ops")).isEmpty();
            assertThat(service.calendarEvents("_all", null, null, null)).isEmpty();
            assertThat(service.calendars()).extracting(Calendar::calendarId).containsExactly("holidays");
        }
    }

    @Test
    void badBodies_areRefusedWithTheField() {
        assertThatThrownBy(() -> CalendarParser.events("""
                {"events": [{"description": "x", "start_time": "yesterday", "end_time": 1, "skip_results": true}]}""",
                "ops"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("events[0].start_time: 'yesterday' is neither epoch milliseconds nor an ISO-8601 time")
                .hasMessageContaining("events[0].skip_results: unknown field, did you mean 'skip_result'?");
        assertThatThrownBy(() -> org.auditml.engine.job.RuleParser.filter("""
                {"filter_id": "Safe", "items": ["a", ""], "descripton": "x"}""", null))
                .hasMessageContaining("filter_id: 'Safe' must be 1-64 lower-case letters")
                .hasMessageContaining("items[1]: must be a non-empty string")
                .hasMessageContaining("descripton: unknown field, did you mean 'description'?");
        assertThatThrownBy(() -> CalendarParser.calendar("{\"calendar_id\": \"a\"}", "b"))
                .hasMessageContaining("inconsistent calendar_id; 'a' in the body differs from 'b'");
    }
}
