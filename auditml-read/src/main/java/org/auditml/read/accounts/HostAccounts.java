package org.auditml.read.accounts;

import org.auditml.read.ParseProblem;
import org.auditml.read.ecs.IdNames;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user and group names of each host, for the ids of its raw records: from passwd and group files given per host,
 * and from this machine's own files for the events of this machine (whose {@code host.name} is its name). A host is
 * matched by its name as the log gives it ({@code node=}, else the reader's default host), else by its short name
 * (before the first dot) on either side. A host with no table knows root only, the one id every Linux host shares.
 */
public final class HostAccounts implements IdNames.ByHost {
    /** The files of a directory of hosts: {@code DIR/<host>/passwd} and {@code DIR/<host>/group}. */
    public static final String DIRECTORY_LAYOUT = "DIR/<host>/passwd and DIR/<host>/group";

    private static final HostAccounts NONE = new HostAccounts(Map.of(), List.of());
    private static final IdNames ROOT_ONLY = IdNames.rootOnly();

    private final Map<String, IdNames> byHost;
    private final Map<String, IdNames> byShortName = new HashMap<>();
    private final List<ParseProblem> problems;

    private HostAccounts(Map<String, IdNames> byHost, List<ParseProblem> problems) {
        this.byHost = byHost;
        this.problems = problems;
        byHost.forEach((host, names) -> byShortName.putIfAbsent(shortName(host), names));
    }

    /** No tables: names come from the enriched log, and root is root. */
    public static HostAccounts none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public IdNames forHost(String host) {
        if (host == null || byHost.isEmpty()) {
            return ROOT_ONLY;
        }
        IdNames names = byHost.get(host);
        if (names == null) {
            names = byShortName.get(shortName(host));
        }
        return names != null ? names : ROOT_ONLY;
    }

    /** The hosts that have a table, sorted. */
    public List<String> hosts() {
        return List.copyOf(new TreeMap<>(byHost).keySet());
    }

    /** The lines of the files that were left out, with file and line. */
    public List<ParseProblem> problems() {
        return problems;
    }

    private static String shortName(String host) {
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }

    /** One host's tables: its users and its groups (either may be empty). */
    private record Tables(AccountFile users, AccountFile groups) implements IdNames {
        @Override
        public String user(String uid) {
            return "0".equals(uid) ? "root" : users.name(uid);
        }

        @Override
        public String group(String gid) {
            return "0".equals(gid) ? "root" : groups.name(gid);
        }

        @Override
        public String uidOf(String name) {
            return "root".equals(name) ? "0" : users.id(name);
        }

        @Override
        public String gidOf(String name) {
            return "root".equals(name) ? "0" : groups.id(name);
        }
    }

    /**
     * Collects the files; {@link #build} reads them. A file given for a host twice, a missing or unreadable file and
     * a directory without any host's files are refused ({@link AccountFileException}) before anything is read.
     */
    public static final class Builder {
        private final Map<String, Path> passwd = new HashMap<>();
        private final Map<String, Path> group = new HashMap<>();
        private String thisMachine;
        private Path thisPasswd;
        private Path thisGroup;

        private Builder() {
        }

        /** {@code host}'s passwd file. */
        public Builder passwd(String host, Path file) {
            return add(passwd, AccountFile.Kind.PASSWD, host, file);
        }

        /** {@code host}'s group file. */
        public Builder group(String host, Path file) {
            return add(group, AccountFile.Kind.GROUP, host, file);
        }

        /**
         * An option's value: {@code HOST=FILE} for that host's file of {@code kind}, or a directory of hosts laid out
         * as {@value #DIRECTORY_LAYOUT} (both files of each host).
         */
        public Builder option(AccountFile.Kind kind, String value) {
            int eq = value.indexOf('=');
            if (eq >= 0) {
                String host = value.substring(0, eq);
                Path file = Path.of(value.substring(eq + 1));
                return kind == AccountFile.Kind.PASSWD ? passwd(host, file) : group(host, file);
            }
            Path dir = Path.of(value);
            if (!Files.isDirectory(dir)) {
                throw new AccountFileException("--" + kind.fileName + " " + value + ": give HOST=FILE, or a directory "
                        + "laid out as " + DIRECTORY_LAYOUT + (Files.exists(dir) ? "" : " (no such directory)"));
            }
            return directory(dir);
        }

        /** A directory of hosts, laid out as {@value #DIRECTORY_LAYOUT}. */
        public Builder directory(Path dir) {
            int found = 0;
            try (DirectoryStream<Path> hosts = Files.newDirectoryStream(dir, Files::isDirectory)) {
                for (Path hostDir : hosts) {
                    String host = hostDir.getFileName().toString();
                    Path p = hostDir.resolve(AccountFile.Kind.PASSWD.fileName);
                    Path g = hostDir.resolve(AccountFile.Kind.GROUP.fileName);
                    if (Files.exists(p)) {
                        passwd(host, p);
                        found++;
                    }
                    if (Files.exists(g)) {
                        group(host, g);
                        found++;
                    }
                }
            } catch (IOException e) {
                throw new AccountFileException("cannot list the directory " + dir + ": " + org.auditml.read.IoReason.of(e));
            }
            if (found == 0) {
                throw new AccountFileException("the directory " + dir + " holds no host's files; lay it out as "
                        + DIRECTORY_LAYOUT);
            }
            return this;
        }

        /**
         * This machine's files, for the events whose host is {@code hostName}; files that do not exist are passed over
         * (a machine without them), and a file given for that host takes their place.
         */
        public Builder thisMachine(String hostName, Path passwdFile, Path groupFile) {
            this.thisMachine = hostName;
            this.thisPasswd = passwdFile;
            this.thisGroup = groupFile;
            return this;
        }

        /** This machine's {@code /etc/passwd} and {@code /etc/group}. */
        public Builder thisMachine(String hostName) {
            return thisMachine(hostName, Path.of("/etc/passwd"), Path.of("/etc/group"));
        }

        private Builder add(Map<String, Path> files, AccountFile.Kind kind, String host, Path file) {
            if (host.isBlank()) {
                throw new AccountFileException("--" + kind.fileName + " =" + file + ": name the host, as HOST=FILE");
            }
            Path before = files.putIfAbsent(host, file);
            if (before != null && !before.equals(file)) {
                throw new AccountFileException("two " + kind.fileName + " files for host " + host + ": " + before
                        + " and " + file + "; give one");
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new AccountFileException("cannot read the " + kind.fileName + " file " + file + " for host " + host
                        + (Files.exists(file) ? (Files.isDirectory(file) ? ": it is a directory" : ": permission denied")
                        : ": no such file"));
            }
            return this;
        }

        /** Reads the files. */
        public HostAccounts build() {
            Map<String, AccountFile> users = new HashMap<>();
            Map<String, AccountFile> groups = new HashMap<>();
            passwd.forEach((host, file) -> users.put(host, AccountFile.read(file, AccountFile.Kind.PASSWD)));
            group.forEach((host, file) -> groups.put(host, AccountFile.read(file, AccountFile.Kind.GROUP)));
            if (thisMachine != null) {
                if (!users.containsKey(thisMachine) && Files.isReadable(thisPasswd)) {
                    users.put(thisMachine, AccountFile.read(thisPasswd, AccountFile.Kind.PASSWD));
                }
                if (!groups.containsKey(thisMachine) && Files.isReadable(thisGroup)) {
                    groups.put(thisMachine, AccountFile.read(thisGroup, AccountFile.Kind.GROUP));
                }
            }
            Map<String, IdNames> byHost = new HashMap<>();
            List<ParseProblem> problems = new ArrayList<>();
            java.util.SortedSet<String> hosts = new java.util.TreeSet<>(users.keySet());
            hosts.addAll(groups.keySet());
            for (String host : hosts) {
                AccountFile u = users.getOrDefault(host, AccountFile.empty());
                AccountFile g = groups.getOrDefault(host, AccountFile.empty());
                byHost.put(host, new Tables(u, g));
                problems.addAll(u.problems());
                problems.addAll(g.problems());
            }
            return byHost.isEmpty() ? NONE : new HostAccounts(Map.copyOf(byHost), List.copyOf(problems));
        }
    }
}
