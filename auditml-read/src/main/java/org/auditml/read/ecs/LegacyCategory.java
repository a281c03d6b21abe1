package org.auditml.read.ecs;

import org.auditml.read.raw.RecordTypes;

import java.util.Set;

/**
 * Audit's own category of a record type (go-libaudit's {@code event_type.go}), by type number range. Auditbeat shows
 * it as {@code event.category} only where the normalisation gives no ECS category (USER_ROLE_CHANGE gives "mac").
 */
final class LegacyCategory {
    private static final Set<String> USER_LOGIN = Set.of("USER_LOGIN", "USER_LOGOUT", "GRP_AUTH");
    private static final Set<String> USER_ACCOUNT = Set.of("GRP_MGMT", "GRP_CHAUTHTOK", "ACCT_LOCK", "ACCT_UNLOCK");
    private static final Set<String> CONFIGURATION = Set.of("USYS_CONFIG", "CONFIG_CHANGE", "NETFILTER_CFG");

    private LegacyCategory() {
    }

    static String of(String type) {
        int n = RecordTypes.number(type);
        if ((n >= 1100 && n <= 1106) || (n >= 1108 && n <= 1110) || USER_LOGIN.contains(type)) {
            return "user-login";
        }
        if ((n >= 1114 && n <= 1117) || USER_ACCOUNT.contains(type)) {
            return "user-account";
        }
        if (n == 2000 || (n >= 1127 && n <= 1131)) {
            return "system-services";
        }
        if (CONFIGURATION.contains(type) || (n >= 1328 && n <= 1330)) {
            return "configuration";
        }
        if ("SECCOMP".equals(type)) {
            return "dac-decision";
        }
        if ("USER_CMD".equals(type) || (n >= 1118 && n <= 1126)) {
            return "user-space";
        }
        if ("USER_TTY".equals(type) || "TTY".equals(type)) {
            return "TTY";
        }
        if (n >= 1200 && n <= 1299) {
            return "audit-daemon";
        }
        if ("USER_SELINUX_ERR".equals(type) || "USER_AVC".equals(type) || (n >= 1400 && n <= 1402)
                || (n >= 1500 && n <= 1503)) {
            return "mac-decision";
        }
        if (n >= 1800 && n <= 1899) {
            return "integrity";
        }
        if ((n >= 1700 && n <= 1799) || (n >= 2100 && n <= 2199)) {
            return "anomaly";
        }
        if (n >= 2200 && n <= 2299) {
            return "anomaly-response";
        }
        if ((n >= 1403 && n <= 1499) || (n >= 1504 && n <= 1599) || (n >= 2300 && n <= 2399)) {
            return "mac";
        }
        if ((n >= 1600 && n <= 1699) || (n >= 2400 && n <= 2499)) {
            return "crypto";
        }
        if (n >= 2500 && n <= 2599) {
            return "virt";
        }
        if (n >= 1300 && n <= 1399) {
            return "audit-rule";
        }
        return "unknown";
    }
}
