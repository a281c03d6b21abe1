package org.auditml.cli;

import org.auditml.engine.calendar.CalendarParser;
import org.auditml.engine.job.ConfigException;
import org.auditml.engine.job.RuleParser;
import org.auditml.engine.module.Module;
import org.auditml.engine.rule.Filter;
import org.auditml.service.AuditmlService;
import org.auditml.service.RequestException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --filter FILTER.json} and {@code --calendar CALENDAR.json}: Elastic's bodies of {@code PUT _ml/filters/<id>}
 * and {@code PUT _ml/calendars/<id>} (the id from the body, else the file's name), a calendar file also holding its
 * scheduled events as {@code POST _ml/calendars/<id>/events} takes them ({@code "events": […]}). Each file is the truth
 * of its filter or calendar: it replaces one of the same id in the store. All are read, and refused with their file,
 * before any is stored.
 */
final class RuleFiles {
    private final List<Filter> filters = new ArrayList<>();
    private final List<CalendarParser.CalendarFile> calendars = new ArrayList<>();

    RuleFiles(List<Path> filterFiles, List<Path> calendarFiles) {
        for (Path f : filterFiles) {
            try {
                filters.add(RuleParser.filter(JobFiles.text(f, "filter"), id(f)));
            } catch (ConfigException e) {
                throw new RequestException(f + ": " + e.getMessage());
            }
        }
        for (Path c : calendarFiles) {
            try {
                calendars.add(CalendarParser.calendar(JobFiles.text(c, "calendar"), id(c)));
            } catch (ConfigException e) {
                throw new RequestException(c + ": " + e.getMessage());
            }
        }
    }

    /**
     * Refuses a job whose rules name a filter that is neither given nor in the store, before a new store is made
     * (an existing store's filters are checked by the service).
     */
    void checkFilters(List<Module.SetUpJob> jobs, Path db) {
        if (java.nio.file.Files.exists(db)) {
            return;
        }
        List<String> given = filters.stream().map(Filter::filterId).toList();
        jobs.forEach(j -> org.auditml.engine.job.JobParser.checkFilters(j.job(), given));
    }

    boolean isEmpty() {
        return filters.isEmpty() && calendars.isEmpty();
    }

    /**
     * Stores the filters, then the run's jobs and named modules' jobs (a calendar names jobs the store knows), then
     * the calendars.
     */
    void store(AuditmlService service, List<Module.SetUpJob> jobs, List<String> modules, String prefix) {
        filters.forEach(service::replaceFilter);
        jobs.forEach(service::putJob);
        modules.forEach(m -> service.setUpModule(m, prefix));
        calendars.forEach(c -> service.replaceCalendar(c.calendar(), c.events()));
    }

    private static String id(Path file) {
        return file.getFileName().toString().replaceFirst("\\.json$", "");
    }
}
