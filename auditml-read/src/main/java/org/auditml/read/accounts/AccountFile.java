package org.auditml.read.accounts;

import org.auditml.read.IoReason;
import org.auditml.read.ParseProblem;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of one passwd(5) or group(5) file by numeric id, and the lines that could not be read (each reported
 * with its file and line, and left out: the rest of the file still counts). As getpwuid does, the first entry of an id
 * wins. NIS compatibility lines ({@code +name}, {@code -name}) name no id and are passed over.
 */
public final class AccountFile {

    /** Which file: passwd (7 fields, the id third) or group (4 fields, the id third). */
    public enum Kind {
        PASSWD("passwd", 7), GROUP("group", 4);

        final String fileName;
        final int fields;

        Kind(String fileName, int fields) {
            this.fileName = fileName;
            this.fields = fields;
        }

        /** The file's usual name: {@code passwd}, {@code group}. */
        public String fileName() {
            return fileName;
        }
    }

    private final Map<String, String> namesById;
    private final Map<String, String> idsByName;
    private final List<ParseProblem> problems;

    private AccountFile(Map<String, String> namesById, Map<String, String> idsByName, List<ParseProblem> problems) {
        this.namesById = namesById;
        this.idsByName = idsByName;
        this.problems = problems;
    }

    /** An empty table. */
    static AccountFile empty() {
        return new AccountFile(Map.of(), Map.of(), List.of());
    }

    /**
     * Reads {@code file}.
     *
     * @throws AccountFileException when it cannot be read at all (missing, a directory, no permission)
     */
    public static AccountFile read(Path file, Kind kind) {
        if (Files.isDirectory(file)) {
            throw new AccountFileException("the " + kind.fileName + " file " + file + " is a directory; give a file");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), in, kind);
        } catch (IOException e) {
            throw new AccountFileException("cannot read the " + kind.fileName + " file " + file + ": " + IoReason.of(e));
        }
    }

    static AccountFile parse(String source, BufferedReader in, Kind kind) throws IOException {
        Map<String, String> names = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        List<ParseProblem> problems = new ArrayList<>();
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
                continue;
            }
            String[] f = line.split(":", -1);
            String reason = null;
            if (f.length != kind.fields) {
                reason = "a " + kind.fileName + " line has " + kind.fields + " fields separated by ':', this one "
                        + f.length + "; line left out";
            } else if (f[0].isEmpty()) {
                reason = "no name in the first field; line left out";
            } else if (!isDigits(f[2])) {
                reason = "the id (third field) '" + f[2] + "' is not a number; line left out";
            }
            if (reason != null) {
                problems.add(ParseProblem.of(source, number, reason, line));
                continue;
            }
            String id = stripZeros(f[2]);
            names.putIfAbsent(id, f[0]);
            ids.putIfAbsent(f[0], id);
        }
        return new AccountFile(Collections.unmodifiableMap(names), Collections.unmodifiableMap(ids),
                List.copyOf(problems));
    }

    /** The name of an id, or null. */
    public String name(String id) {
        return namesById.get(id);
    }

    /** The id of a name, or null. */
    public String id(String name) {
        return idsByName.get(name);
    }

    /** How many ids have a name. */
    public int size() {
        return namesById.size();
    }

    /** The lines left out, with file and line. */
    public List<ParseProblem> problems() {
        return problems;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }
}
