package org.auditml.read.ecs;

import java.util.Map;

/**
 * Names for numeric user and group ids. Raw logs of the enriched format carry their own names ({@code UID="root"});
 * for the rest, a table of the host's users may be given. Root is root everywhere.
 */
public interface IdNames {

    /** The user name of a uid, or null. */
    String user(String uid);

    /** The group name of a gid, or null. */
    String group(String gid);

    /** The uid of a user name, or null. */
    default String uidOf(String name) {
        return "root".equals(name) ? "0" : null;
    }

    /** The gid of a group name, or null. */
    default String gidOf(String name) {
        return "root".equals(name) ? "0" : null;
    }

    /** The names of each host's ids: a log may hold several hosts' events ({@code node=}), each with its own users. */
    @FunctionalInterface
    interface ByHost {
        /** The names of {@code host}'s ids. */
        IdNames forHost(String host);
    }

    /** Knows root only: the one id that means the same on every Linux host. */
    static IdNames rootOnly() {
        return new IdNames() {
            @Override
            public String user(String uid) {
                return "0".equals(uid) ? "root" : null;
            }

            @Override
            public String group(String gid) {
                return "0".equals(gid) ? "root" : null;
            }
        };
    }

    /** Tables of users and groups by id (root is added). */
    static IdNames of(Map<String, String> usersById, Map<String, String> groupsById) {
        return new IdNames() {
            @Override
            public String user(String uid) {
                return "0".equals(uid) ? "root" : usersById.get(uid);
            }

            @Override
            public String group(String gid) {
                return "0".equals(gid) ? "root" : groupsById.get(gid);
            }

            @Override
            public String uidOf(String name) {
                return "root".equals(name) ? "0" : keyOf(usersById, name);
            }

            @Override
            public String gidOf(String name) {
                return "root".equals(name) ? "0" : keyOf(groupsById, name);
            }

            private String keyOf(Map<String, String> map, String value) {
                for (Map.Entry<String, String> e : map.entrySet()) {
                    if (e.getValue().equals(value)) {
                        return e.getKey();
                    }
                }
                return null;
            }
        };
    }
}
