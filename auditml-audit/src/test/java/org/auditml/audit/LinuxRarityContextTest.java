package org.auditml.audit;

import org.auditml.engine.context.ContextTerm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Who ran a rare program, said with the user's name when the events give it. */
class LinuxRarityContextTest {
    private final LinuxRarityContext context = new LinuxRarityContext();

    @Test
    void aSystemAccount_isNamedWhenTheEventsNameIt_elseByItsUid() {
        assertThat(reasons(Set.of("backup"), Set.of("34"))).contains("run by the system account backup (uid 34)");
        assertThat(reasons(Set.of(), Set.of("34"))).contains("run by the system account uid 34");
        assertThat(reasons(Set.of("www-data"), Set.of("33"))).contains("run by the service account www-data");
    }

    @Test
    void aPersonOrRoot_isNoAccountTerm() {
        assertThat(reasons(Set.of("alice"), Set.of("1001"))).noneMatch(r -> r.startsWith("run by"));
        assertThat(reasons(Set.of("root"), Set.of("0"))).noneMatch(r -> r.startsWith("run by"));
    }

    private List<String> reasons(Set<String> names, Set<String> ids) {
        return context.weigh("/usr/local/bin/tool", Map.of(LinuxRarityContext.USER_NAME, names,
                LinuxRarityContext.USER_ID, ids)).stream().map(ContextTerm::reason).toList();
    }
}
