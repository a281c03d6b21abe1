package org.auditml.flink.raw;

import org.auditml.read.ReaderOptions;
import org.auditml.read.accounts.AccountFile;
import org.auditml.read.accounts.AccountFileException;
import org.auditml.read.accounts.HostAccounts;

import java.io.Serializable;
import java.util.List;

/**
 * How raw lines are read, as {@code analyze} reads a raw log: {@code host.name} is a record's {@code node=}, else
 * {@code defaultHost} ({@code --host}); user and group ids are named from the enriched log, else from the hosts'
 * files ({@code --passwd}, {@code --group}: HOST=FILE or a directory of hosts), else root only. The files are named,
 * not shipped: each task reads them, so on a cluster they must be where the tasks run.
 *
 * @param thisMachine the host whose events this machine's /etc/passwd and /etc/group name, or null for none
 */
public record RawReading(String defaultHost, List<String> passwd, List<String> group, String thisMachine)
        implements Serializable {

    public RawReading {
        if (defaultHost == null || defaultHost.isBlank()) {
            throw new IllegalArgumentException("--host: give the host.name of raw records without node=");
        }
        passwd = List.copyOf(passwd);
        group = List.copyOf(group);
        accounts(passwd, group, thisMachine); // a file that cannot be used is refused before the job starts
    }

    /** Names from the enriched log and root only. */
    public static RawReading withHost(String defaultHost) {
        return new RawReading(defaultHost, List.of(), List.of(), null);
    }

    /** The reader's options: auditd's window and cap on open events, with the hosts' names. */
    public ReaderOptions options() {
        return ReaderOptions.defaults(defaultHost).withAccounts(accounts(passwd, group, thisMachine));
    }

    private static HostAccounts accounts(List<String> passwd, List<String> group, String thisMachine) {
        try {
            HostAccounts.Builder builder = HostAccounts.builder();
            passwd.forEach(value -> builder.option(AccountFile.Kind.PASSWD, value));
            group.forEach(value -> builder.option(AccountFile.Kind.GROUP, value));
            if (thisMachine != null) {
                builder.thisMachine(thisMachine);
            }
            return builder.build();
        } catch (AccountFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
