package org.auditml.cli;

import org.auditml.read.accounts.AccountFile;
import org.auditml.read.accounts.AccountFileException;
import org.auditml.read.accounts.HostAccounts;
import org.auditml.service.RequestException;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --passwd} and {@code --group}: the user and group names of each host's ids, for raw logs that do not name
 * them (a log of the enriched format does). This machine's {@code /etc/passwd} and {@code /etc/group} name the ids of
 * its own events (those without {@code node=} when no other {@code --host} is given, or whose node is its name). A file
 * that cannot be read is refused before anything is read or written.
 */
final class AccountOptions {
    @Option(names = "--passwd", paramLabel = "HOST=FILE|DIR",
            description = {"A host's passwd file, to name the user ids of its events (repeatable); or a directory of "
                    + "hosts laid out as " + HostAccounts.DIRECTORY_LAYOUT + ".",
                    "This machine's /etc/passwd and /etc/group name its own events."})
    List<String> passwd = new ArrayList<>();

    @Option(names = "--group", paramLabel = "HOST=FILE|DIR",
            description = "A host's group file, to name the group ids of its events (repeatable); or a directory as for --passwd.")
    List<String> group = new ArrayList<>();

    /** The hosts' names, this machine's own for events of {@code thisMachine}; a file that cannot be used is refused. */
    HostAccounts accounts(String thisMachine) {
        try {
            HostAccounts.Builder builder = HostAccounts.builder();
            passwd.forEach(value -> builder.option(AccountFile.Kind.PASSWD, value));
            group.forEach(value -> builder.option(AccountFile.Kind.GROUP, value));
            return builder.thisMachine(thisMachine).build();
        } catch (AccountFileException e) {
            throw new RequestException(e.getMessage());
        }
    }
}
