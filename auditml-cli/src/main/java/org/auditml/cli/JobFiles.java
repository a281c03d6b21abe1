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

    /** The jobs, each with its datafeed; what of the files was ignored is said on {@code err}. */
    static List<Module.SetUpJob> load(List<Path> jobs, List<Path> datafeeds, String prefix, PrintWriter err) {
        if (!datafeeds.isEmpty() && jobs.isEmpty()) {
            throw new RequestException("--datafeed is the datafeed of a --job; give the job too");
        }
        if (!datafeeds.isEmpty() && datafeeds.size() != jobs.size()) {
            throw new RequestException("give one --datafeed per --job (" + jobs.size() + " jobs, " + datafeeds.size()
                    + " datafeeds), or put each datafeed beside its job as datafeed_<job>.json in a folder");
        }
        List<Module.SetUpJob> out = new ArrayList<>();
        // with several files, a problem says which file it is in
        boolean several = jobs.size() > 1 || jobs.stream().anyMatch(Files::isDirectory);
        for (int i = 0; i < jobs.size(); i++) {
            Path job = jobs.get(i);
            if (Files.isDirectory(job)) {
                if (!datafeeds.isEmpty()) {
                    throw new RequestException("--job " + job + " is a folder: its datafeeds are the "
                            + DATAFEED_PREFIX + "<job>.json files in it, not --datafeed");
                }
                for (Path file : jobFilesIn(job)) {
                    Path beside = file.resolveSibling(DATAFEED_PREFIX + file.getFileName());
                    out.addAll(read(file, Files.isRegularFile(beside) ? beside : null, prefix, several, err));
                }
            } else {
                out.addAll(read(job, datafeeds.isEmpty() ? null : datafeeds.get(i), prefix, several, err));
            }
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

    private static List<Module.SetUpJob> read(Path job, Path datafeed, String prefix, boolean several,
                                              PrintWriter err) {
        String name = job.getFileName().toString().replaceFirst("\\.json$", "");
        try {
            AuditmlService.JobFile file = AuditmlService.jobFile(text(job, "job"), name,
                    datafeed == null ? null : text(datafeed, "datafeed"), prefix);
            file.notes().forEach(n -> err.println(job + ": " + n));
            return file.jobs();
        } catch (org.auditml.engine.job.ConfigException e) {
            if (!several) {
                throw e;
            }
            throw new RequestException(job + (datafeed == null ? "" : " (with " + datafeed + ")") + ": "
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
