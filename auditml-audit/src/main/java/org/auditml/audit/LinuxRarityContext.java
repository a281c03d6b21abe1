package org.auditml.audit;

import org.auditml.audit.lineage.LinkedProcess;
import org.auditml.audit.lineage.ProcessEvent;
import org.auditml.audit.lineage.ProcessImage;
import org.auditml.audit.lineage.RunningProcesses;
import org.auditml.engine.EventView;
import org.auditml.engine.context.ContextTerm;
import org.auditml.engine.context.RarityContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Linux audit data says about a rare process, for jobs with {@code "auditml_context": true} (the engine adds how
 * the fleet knows it and how settled the host is). Who ran it, where it lives and what it was asked to do separate an
 * attack from an administrator's new tool: a service account running it, a world-writable or hidden directory, a
 * network address or a shell in its arguments are alarming; an interactive user running a tool from a system
 * directory is not. Reads the ECS fields Auditbeat writes: {@code user.name}, {@code user.id}, {@code process.title}.
 * It keeps which process started which as the job's events go by ({@link RunningProcesses}): a rare program started
 * by a server program is named with its ancestry ("started by postgres → sh → nc"), which leaves its score as it is.
 * One instance per job: it holds the job's processes.
 */
public final class LinuxRarityContext implements RarityContext {
    static final String USER_NAME = "user.name";
    static final String USER_ID = "user.id";
    static final String COMMAND_LINE = "process.title";

    private static final Set<String> SERVICE_ACCOUNTS = Set.of("www-data", "nginx", "apache", "httpd", "postgres",
            "mysql", "redis", "nobody", "daemon", "mongodb", "elasticsearch", "tomcat", "jenkins", "git", "nagios",
            "memcache", "rabbitmq", "zabbix", "bin", "sys", "mail", "_apt");
    private static final List<String> WRITABLE_DIRS = List.of("/tmp/", "/var/tmp/", "/dev/shm/", "/run/user/",
            "/var/run/user/");
    private static final List<String> SYSTEM_DIRS = List.of("/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/",
            "/usr/local/bin/", "/usr/lib/", "/opt/");
    private static final Pattern NETWORK = Pattern.compile(
            "(\\b\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?\\b)|([a-z0-9-]+(\\.[a-z0-9-]+)+:\\d{2,5}\\b)|(https?://)|(/dev/(tcp|udp)/)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SHELL = Pattern.compile("(^|[\\s/])(ba|z|da|k)?sh(\\s+-[ic])|\\bnc\\s+-|\\bncat\\b|"
            + "-e\\s+/bin/(ba)?sh|\\bpython\\d?\\s+-c\\b|\\bperl\\s+-e\\b|\\bbase64\\s+-d\\b");
    /** Programs that serve others (web, database, application servers): what they start is worth naming. */
    private static final Set<String> SERVER_PROGRAMS = Set.of("nginx", "apache2", "httpd", "lighttpd", "caddy",
            "postgres", "postmaster", "mysqld", "mariadbd", "mongod", "redis-server", "java", "node", "tomcat",
            "catalina", "gunicorn", "uwsgi", "unicorn", "puma");
    /** Shells, interpreters and network tools: what a foothold on a server runs first. */
    private static final Set<String> FOOTHOLDS = Set.of("sh", "bash", "dash", "zsh", "ksh", "csh", "tcsh", "busybox",
            "nc", "ncat", "netcat", "nc.openbsd", "nc.traditional", "socat", "telnet", "curl", "wget", "python",
            "python2", "python3", "perl", "ruby", "lua", "openssl", "base64");
    private static final Pattern PHP = Pattern.compile("php(-fpm|-cgi)?[0-9.]*");
    /** Login users get uids from 1000 (login.defs' UID_MIN) below the range some distributions keep for others. */
    private static final int FIRST_PERSON_UID = 1000;
    private static final int LAST_PERSON_UID = 59_999;

    static final String HOST = "host.name";

    private final RunningProcesses processes = new RunningProcesses();

    @Override
    public List<String> fields() {
        return List.of(USER_NAME, USER_ID, COMMAND_LINE);
    }

    /** Hosts make up the fleet: a new program run on several in one bucket is a rollout. */
    @Override
    public String spreadField() {
        return HOST;
    }

    @Override
    public void observe(EventView event) {
        processes.add(ProcessEvent.of(event, null));
    }

    /** The terms for a rare executable: who ran it, where it lives, what it was asked to do, who started it. */
    @Override
    public List<ContextTerm> weigh(String executable, Map<String, Set<String>> fieldValues) {
        Set<String> names = fieldValues.getOrDefault(USER_NAME, Set.of());
        Set<String> ids = fieldValues.getOrDefault(USER_ID, Set.of());
        List<ContextTerm> terms = new ArrayList<>(3);
        actor(names, ids, terms);
        boolean person = !ids.isEmpty() && ids.stream().allMatch(LinuxRarityContext::isPerson);
        location(executable, person, terms);
        arguments(fieldValues.getOrDefault(COMMAND_LINE, Set.of()), terms);
        if (executable != null) {
            ancestry(executable, terms);
        }
        return terms;
    }

    private static void actor(Set<String> userNames, Set<String> userIds, List<ContextTerm> terms) {
        for (String name : userNames) {
            if (SERVICE_ACCOUNTS.contains(name.toLowerCase(Locale.ROOT))) {
                terms.add(new ContextTerm(0.1, "run by the service account " + name));
                return;
            }
        }
        for (String id : userIds) {
            Integer uid = uid(id);
            if (uid != null && uid > 0 && uid < FIRST_PERSON_UID) {
                // the name when the event gives one (a single user ran it), else the uid alone
                String who = userNames.size() == 1 && userIds.size() == 1
                        ? userNames.iterator().next() + " (uid " + uid + ")" : "uid " + uid;
                terms.add(new ContextTerm(0.1, "run by the system account " + who));
                return;
            }
        }
    }

    private static void location(String executable, boolean person, List<ContextTerm> terms) {
        if (executable == null) {
            return;
        }
        boolean hidden = executable.contains("/.");
        boolean writable = WRITABLE_DIRS.stream().anyMatch(executable::startsWith);
        if (hidden || writable) {
            terms.add(new ContextTerm(hidden && writable ? 0.02 : 0.05, "from a " + (hidden ? "hidden" : "")
                    + (hidden && writable ? ", " : "") + (writable ? "world-writable" : "") + " directory"));
        } else if (person && SYSTEM_DIRS.stream().anyMatch(executable::startsWith)) {
            terms.add(new ContextTerm(5, "an interactive user's tool from a system directory"));
        }
    }

    private static void arguments(Set<String> commandLines, List<ContextTerm> terms) {
        if (commandLines.stream().anyMatch(line -> NETWORK.matcher(line).find())) {
            terms.add(new ContextTerm(0.1, "a network address in its arguments"));
        }
        if (commandLines.stream().anyMatch(line -> SHELL.matcher(line).find())) {
            terms.add(new ContextTerm(0.1, "a shell in its arguments"));
        }
    }

    /**
     * Names the chain when a server program started a shell, a network tool or a program from a writable or hidden
     * directory (itself or on the way to it), as an attacker's foothold does; the factor is 1: the other terms weigh
     * what it did.
     */
    private void ancestry(String executable, List<ContextTerm> terms) {
        processes.chainOf(executable).ifPresent(chain -> {
            int server = -1;
            for (int i = 0; i < chain.size() - 1; i++) {
                if (isServer(chain.get(i).executable())) {
                    server = i;
                }
            }
            if (server >= 0 && chain.subList(server + 1, chain.size()).stream()
                    .anyMatch(p -> isFoothold(p.executable()))) {
                terms.add(new ContextTerm(1, "started by " + String.join(" → ", programs(chain))));
            }
        });
    }

    private static boolean isServer(String executable) {
        if (executable == null) {
            return false;
        }
        String name = name(executable);
        return SERVER_PROGRAMS.contains(name) || PHP.matcher(name).matches();
    }

    /** The programs of a chain in the order they ran: a process that exec'd names each image it loaded. */
    private static List<String> programs(List<LinkedProcess> chain) {
        List<String> names = new ArrayList<>();
        for (LinkedProcess p : chain) {
            for (ProcessImage image : p.images()) {
                String name = name(image.executable());
                if (names.isEmpty() || !names.get(names.size() - 1).equals(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static boolean isFoothold(String executable) {
        return executable != null && (FOOTHOLDS.contains(name(executable)) || executable.contains("/.")
                || WRITABLE_DIRS.stream().anyMatch(executable::startsWith));
    }

    private static String name(String executable) {
        return executable == null ? "?" : executable.substring(executable.lastIndexOf('/') + 1);
    }

    private static boolean isPerson(String id) {
        Integer uid = uid(id);
        return uid != null && uid >= FIRST_PERSON_UID && uid <= LAST_PERSON_UID;
    }

    private static Integer uid(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
