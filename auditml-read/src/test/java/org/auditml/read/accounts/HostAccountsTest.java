package org.auditml.read.accounts;

import org.auditml.read.AuditEvent;
import org.auditml.read.AuditReader;
import org.auditml.read.ReadReport;
import org.auditml.read.ReaderOptions;
import org.auditml.testkit.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Passwd and group files per host, read and applied to the corpus' logs. */
class HostAccountsTest {
    /** audit-userspace's test3.log: an sshd session of uid 1000 on node auditdtest.a1959.org. */
    private static final String TEST3 = "audit-userspace/test3.log";

    @TempDir
    Path dir;

    @Test
    void passwdForTheLogsNode_namesItsUsers_andAnotherHostsFileDoesNot() throws IOException {
        Path passwd = write("passwd", "root:x:0:0:root:/root:/bin/bash\nsteve:x:1000:1000::/home/steve:/bin/bash\n");

        List<AuditEvent> named = read(HostAccounts.builder().passwd("auditdtest.a1959.org", passwd).build());
        List<AuditEvent> other = read(HostAccounts.builder().passwd("web1", passwd).build());

        assertThat(named).isNotEmpty().allSatisfy(e -> assertThat(e.get("user.audit.name")).isEqualTo("steve"));
        assertThat(named).filteredOn(e -> "1000".equals(e.get("user.id")))
                .isNotEmpty().allSatisfy(e -> assertThat(e.get("user.name")).isEqualTo("steve"));
        assertThat(other).allSatisfy(e -> assertThat(e.get("user.audit.name")).isNull());
        assertThat(other).filteredOn(e -> "0".equals(e.get("user.id")))
                .isNotEmpty().allSatisfy(e -> assertThat(e.get("user.name")).isEqualTo("root"));
    }

    @Test
    void aHostsShortName_findsTheFileOfItsFullName_andTheOtherWayRound() throws IOException {
        Path passwd = write("passwd", "steve:x:1000:1000::/home/steve:/bin/bash\n");

        assertThat(HostAccounts.builder().passwd("auditdtest", passwd).build().forHost("auditdtest.a1959.org").user("1000"))
                .isEqualTo("steve");
        assertThat(HostAccounts.builder().passwd("auditdtest.a1959.org", passwd).build().forHost("auditdtest").user("1000"))
                .isEqualTo("steve");
    }

    @Test
    void malformedLines_areReportedWithFileAndLine_andTheRestIsUsed() throws IOException {
        Path passwd = write("passwd", "# users\nsteve:x:1000:1000::/home/steve:/bin/bash\nbroken:x:1001\n"
                + "ann:x:abc:1002::/home/ann:/bin/sh\n+nisuser::::::\nann:x:1002:1002::/home/ann:/bin/sh\n");
        HostAccounts accounts = HostAccounts.builder().passwd("auditdtest.a1959.org", passwd).build();

        assertThat(accounts.problems()).extracting(p -> p.source() + ":" + p.line())
                .containsExactly(passwd + ":3", passwd + ":4");
        assertThat(accounts.problems().get(0).reason()).contains("7 fields");
        assertThat(accounts.problems().get(1).reason()).contains("'abc' is not a number");
        assertThat(accounts.forHost("auditdtest.a1959.org").user("1002")).isEqualTo("ann");

        List<AuditEvent> events = new ArrayList<>();
        ReadReport report = new AuditReader(ReaderOptions.defaults("here").withAccounts(accounts))
                .read(List.of(Corpus.file(TEST3)), events::add);
        assertThat(events).isNotEmpty();
        assertThat(report.problems()).as("the left-out lines reach the read's report")
                .extracting(p -> p.source() + ":" + p.line()).containsExactly(passwd + ":3", passwd + ":4");
        assertThat(report.malformedLines()).as("the log's own lines are all read").isZero();
    }

    @Test
    void aDirectoryOfHosts_givesEachHostItsPasswdAndGroup() throws IOException {
        Files.createDirectories(dir.resolve("hosts/auditdtest.a1959.org"));
        Files.writeString(dir.resolve("hosts/auditdtest.a1959.org/passwd"), "steve:x:1000:1000::/home/steve:/bin/bash\n");
        Files.writeString(dir.resolve("hosts/auditdtest.a1959.org/group"), "staff:x:1000:steve\n");
        Files.createDirectories(dir.resolve("hosts/web1"));
        Files.writeString(dir.resolve("hosts/web1/group"), "www-data:x:33:\n");

        HostAccounts accounts = HostAccounts.builder().option(AccountFile.Kind.PASSWD, dir.resolve("hosts").toString())
                .build();

        assertThat(accounts.hosts()).containsExactly("auditdtest.a1959.org", "web1");
        assertThat(read(accounts)).filteredOn(e -> "1000".equals(e.get("user.group.id")))
                .isNotEmpty().allSatisfy(e -> {
                    assertThat(e.get("user.name")).isEqualTo("steve");
                    assertThat(e.get("user.group.name")).isEqualTo("staff");
                });
        assertThat(accounts.forHost("web1").group("33")).isEqualTo("www-data");
    }

    @Test
    void thisMachinesFiles_nameOnlyThisMachinesEvents_andAFileGivenForItComesFirst() throws IOException {
        Path etcPasswd = write("etc-passwd", "local:x:1000:1000::/home/local:/bin/bash\n");
        Path etcGroup = write("etc-group", "localgroup:x:1000:\n");
        Path given = write("given", "given:x:1000:1000::/home/given:/bin/bash\n");

        HostAccounts onlyLocal = HostAccounts.builder().thisMachine("auditdtest.a1959.org", etcPasswd, etcGroup).build();
        HostAccounts elsewhere = HostAccounts.builder().thisMachine("laptop", etcPasswd, etcGroup).build();
        HostAccounts both = HostAccounts.builder().thisMachine("auditdtest.a1959.org", etcPasswd, etcGroup)
                .passwd("auditdtest.a1959.org", given).build();

        assertThat(read(onlyLocal)).allSatisfy(e -> assertThat(e.get("user.audit.name")).isEqualTo("local"));
        assertThat(read(elsewhere)).allSatisfy(e -> assertThat(e.get("user.audit.name")).isNull());
        assertThat(both.forHost("auditdtest.a1959.org").user("1000")).isEqualTo("given");
        assertThat(both.forHost("auditdtest.a1959.org").group("1000")).isEqualTo("localgroup");
        assertThat(HostAccounts.builder().thisMachine("laptop", dir.resolve("none"), dir.resolve("none")).build().hosts())
                .as("a machine without the files").isEmpty();
    }

    @Test
    void theEnrichedLogsOwnNames_comeBeforeAPasswdFile() throws IOException {
        // auparse_test.enriched.log names uid 1000 "newuser" in its enriched section (AUID="newuser")
        Path log = Corpus.file("audit-userspace/auparse_test.enriched.log");
        Path passwd = write("passwd", "someoneelse:x:1000:1000::/home/x:/bin/bash\n");
        HostAccounts accounts = HostAccounts.builder().passwd("enriched", passwd).build();
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("enriched").withAccounts(accounts)).read(List.of(log), events::add);

        List<AuditEvent> byUid1000 = events.stream().filter(e -> "1000".equals(e.get("user.audit.id"))).toList();
        assertThat(byUid1000).hasSizeGreaterThan(100)
                .allSatisfy(e -> assertThat(e.get("user.audit.name")).isEqualTo("newuser"));
    }

    @Test
    void filesThatCannotBeUsed_areRefusedNamingTheFile() throws IOException {
        Path passwd = write("passwd", "steve:x:1000:1000::/home/steve:/bin/bash\n");
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> HostAccounts.builder().passwd("web1", missing))
                .isInstanceOf(AccountFileException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> HostAccounts.builder().group("web1", dir))
                .isInstanceOf(AccountFileException.class).hasMessageContaining("directory");
        assertThatThrownBy(() -> HostAccounts.builder().passwd("web1", passwd).passwd("web1", write("other", "")))
                .isInstanceOf(AccountFileException.class).hasMessageContaining("two passwd files for host web1");
        assertThatThrownBy(() -> HostAccounts.builder().option(AccountFile.Kind.PASSWD, missing.toString()))
                .isInstanceOf(AccountFileException.class).hasMessageContaining("HOST=FILE")
                .hasMessageContaining("DIR/<host>/passwd");
        assertThatThrownBy(() -> HostAccounts.builder().option(AccountFile.Kind.GROUP, "=" + passwd))
                .isInstanceOf(AccountFileException.class).hasMessageContaining("name the host");
        Files.createDirectories(dir.resolve("empty/host"));
        assertThatThrownBy(() -> HostAccounts.builder().directory(dir.resolve("empty")))
                .isInstanceOf(AccountFileException.class).hasMessageContaining("holds no host's files");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<AuditEvent> read(HostAccounts accounts) {
        List<AuditEvent> events = new ArrayList<>();
        new AuditReader(ReaderOptions.defaults("here").withAccounts(accounts)).read(List.of(Corpus.file(TEST3)), events::add);
        return events;
    }
}
