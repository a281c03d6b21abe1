package org.auditml.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * auditml's context for {@code rare} (a job switches it on with {@code "auditml_context": true}): what the events
 * around a rare value say about it, as factors on its probability. A factor above 1 makes the value less surprising,
 * below 1 more. Elastic scores every first occurrence alike; these separate an attack from an administrator's new tool:
 * <ul>
 *   <li>fleet: a value that appears on many hosts in the same bucket is a rollout; one common elsewhere in the fleet is
 *       less surprising than one no host has ever run;</li>
 *   <li>who and where: a service account running it, a world-writable or hidden directory, a network address or a
 *       shell in its arguments are alarming; an interactive user running a tool from a system directory is not;</li>
 *   <li>stability: on a host whose set of values has not changed for weeks a new value matters more than on a build
 *       host that sees new compilers daily.</li>
 * </ul>
 * Each factor that counted is named, for the record's reason.
 */
public final class RarityContext {
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

    private final List<String> reasons = new ArrayList<>();
    private double factor = 1;

    /** The combined factor on the probability. */
    public double factor() {
        return factor;
    }

    /** What counted, in words ("run by www-data", "from a hidden directory"...). */
    public List<String> reasons() {
        return List.copyOf(reasons);
    }

    private void apply(double f, String reason) {
        factor *= f;
        reasons.add(reason);
    }

    /** The same value appeared for the first time on {@code hosts} partitions in this bucket. */
    public RarityContext rollout(int hosts, int activeHosts) {
        if (hosts >= 3 || (activeHosts >= 4 && hosts >= 0.3 * activeHosts)) {
            apply(Math.min(1000, hosts * hosts * 4.0), "new on " + hosts + " hosts in the same hour (a rollout)");
        }
        return this;
    }

    /** The share of the other partitions that already know the value. */
    public RarityContext knownElsewhere(double share, int others) {
        if (share > 0) {
            apply(1 + 20 * share, "known on " + Math.round(share * others) + " of " + others + " other hosts");
        } else if (others >= 2) {
            apply(0.5, "never seen on any of " + others + " other hosts");
        }
        return this;
    }

    /** Who ran it: user names and ids seen with it in the bucket. */
    public RarityContext actor(Set<String> userNames, Set<String> userIds) {
        for (String name : userNames) {
            if (SERVICE_ACCOUNTS.contains(name.toLowerCase(Locale.ROOT))) {
                apply(0.1, "run by the service account " + name);
                return this;
            }
        }
        for (String id : userIds) {
            try {
                int uid = Integer.parseInt(id);
                if (uid > 0 && uid < 1000) {
                    apply(0.1, "run by the system account uid " + uid);
                    return this;
                }
            } catch (NumberFormatException e) {
                // not a number: nothing to say
            }
        }
        return this;
    }

    /** Where it lives: the executable's path. */
    public RarityContext location(String executable, boolean interactiveUser) {
        if (executable == null) {
            return this;
        }
        boolean hidden = executable.contains("/.");
        boolean writable = WRITABLE_DIRS.stream().anyMatch(executable::startsWith);
        if (hidden || writable) {
            apply(hidden && writable ? 0.02 : 0.05, "from a " + (hidden ? "hidden" : "")
                    + (hidden && writable ? ", " : "") + (writable ? "world-writable" : "") + " directory");
        } else if (interactiveUser && SYSTEM_DIRS.stream().anyMatch(executable::startsWith)) {
            apply(5, "an interactive user's tool from a system directory");
        }
        return this;
    }

    /** What it was asked to do: the command line. */
    public RarityContext arguments(Set<String> commandLines) {
        for (String line : commandLines) {
            if (NETWORK.matcher(line).find()) {
                apply(0.1, "a network address in its arguments");
                break;
            }
        }
        for (String line : commandLines) {
            if (SHELL.matcher(line).find()) {
                apply(0.1, "a shell in its arguments");
                break;
            }
        }
        return this;
    }

    /**
     * How settled the host is: buckets since a value was last new there, and the recent rate of new values per bucket
     * (a week's memory); {@code bucketsPerDay} turns buckets into days.
     */
    public RarityContext stability(long bucketsSinceNew, double recentNewRate, double bucketsPerDay) {
        double days = bucketsSinceNew / bucketsPerDay;
        if (days >= 7) {
            apply(0.3, "no new program there for " + Math.round(days) + " days");
        } else if (recentNewRate >= 0.05) {
            apply(Math.min(10, recentNewRate * 100), "new programs appear there often");
        }
        return this;
    }
}
