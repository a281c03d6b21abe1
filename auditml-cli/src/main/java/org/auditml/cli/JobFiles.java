package org.auditml.cli;

import org.auditml.engine.module.Module;
import org.auditml.read.IoReason;
import org.auditml.service.AuditmlService;
import org.auditml.service.RequestException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jobs of {@code --job} options, as Elastic users keep them: a job file (a job, a module file's
 * {@code {"job": …}}, Kibana's export of several), or a folder of job files with their datafeeds beside them named
 * {@code datafeed_<job file>.json}, as Kibana's module folders name them. {@code --datafeed} options go with the
 * {@code --job} files in order, one each.
 */
final class JobFiles {
    private static final String DATAFEED_PREFIX = "datafeed_";

    private JobFiles() {
    }

    /** A job file's text, with the datafeed file given for it (null: none). */
    record Text(Path job, Path datafeed, String jobJson, String datafeedJson) {
        /** The id of a lone job without {@code job_id}: its file's name. */
        String fallbackId() {
            return job.getFileName().toString().replaceFirst("\\.json$", "");
        }
    }

    /** The jobs, each with its datafeed; what of the files was ignored is said on {@code err}. */
    static List<Module.SetUpJob> load(List<Path> jobs, List<Path> datafeeds, String prefix, PrintWriter err) {
        List<Text> texts = texts(jobs, datafeeds);
        List<Module.SetUpJob> out = new ArrayList<>();
        // with several files, a problem says which file it is in
        boolean several = texts.size() > 1 || jobs.stream().anyMatch(Files::isDirectory);
        for (Text t : texts) {
            out.addAll(read(t, prefix, several, err));
        }
        List<String> ids = new ArrayList<>();
        for (Module.SetUpJob j : out) {
            if (ids.contains(j.job().jobId())) {
                throw new RequestException("job [" + j.job().jobId() + "] is given twice; job ids must differ");
            }
            ids.add(j.job().jobId());
        }
        return out;
    }

    /** The job files' texts, a folder's files each with the datafeed beside it. */
    static List<Text> texts(List<Path> jobs, List<Path> datafeeds) {
        if (!datafeeds.isEmpty() && jobs.isEmpty()) {
            throw new RequestException("--datafeed is the datafeed of a --job; give the job too");
        }
        if (!datafeeds.isEmpty() && datafeeds.size() != jobs.size()) {
            throw new RequestException("give one --datafeed per --job (" + jobs.size() + " jobs, " + datafeeds.size()
                    + " datafeeds), or put each datafeed beside its job as datafeed_<job>.json in a folder");
        }
        List<Text> out = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Path job = jobs.get(i);
            if (Files.isDirectory(job)) {
                if (!datafeeds.isEmpty()) {
                    throw new RequestException("--job " + job + " is a folder: its datafeeds are the "
                            + DATAFEED_PREFIX + "<job>.json files in it, not --datafeed");
                }
                for (Path file : jobFilesIn(job)) {
                    Path beside = file.resolveSibling(DATAFEED_PREFIX + file.getFileName());
                    out.add(text(file, Files.isRegularFile(beside) ? beside : null));
                }
            } else {
                out.add(text(job, datafeeds.isEmpty() ? null : datafeeds.get(i)));
            }
        }
        return out;
    }

    private static Text text(Path job, Path datafeed) {
        return new Text(job, datafeed, text(job, "job"), datafeed == null ? null : text(datafeed, "datafeed"));
    }

    private static List<Module.SetUpJob> read(Text t, String prefix, boolean several, PrintWriter err) {
        try {
            AuditmlService.JobFile file = AuditmlService.jobFile(t.jobJson(), t.fallbackId(), t.datafeedJson(), prefix);
            file.notes().forEach(n -> err.println(t.job() + ": " + n));
            return file.jobs();
        } catch (org.auditml.engine.job.ConfigException e) {
            if (!several) {
                throw e;
            }
            throw new RequestException(t.job() + (t.datafeed() == null ? "" : " (with " + t.datafeed() + ")") + ": "
                    + e.getMessage());
        }
    }

    /** A folder's job files, by name: its JSON files but the datafeeds and a module's manifest. */
    private static List<Path> jobFilesIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().startsWith(DATAFEED_PREFIX))
                    .filter(f -> !f.getFileName().toString().equals("manifest.json"))
                    .sorted().toList();
            if (found.isEmpty()) {
                throw new RequestException("the folder " + folder + " holds no job file (*.json)");
            }
            return found;
        } catch (IOException e) {
            throw new RequestException("cannot list the folder " + folder + ": " + IoReason.of(e));
        }
    }

    /** A config file's text; one that cannot be read is refused with the reason. */
    static String text(Path file, String what) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new RequestException("cannot read the " + what + " file " + file + ": " + IoReason.of(e));
        }
    }
}
