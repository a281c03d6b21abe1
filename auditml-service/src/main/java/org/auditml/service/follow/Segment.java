package org.auditml.service.follow;

import org.auditml.store.FilePosition;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file of a followed log, open: read by its handle, which follows it through a rename. Known by its device and
 * inode, and by the hash of its first line, which tells a file from a later one given the same inode.
 */
final class Segment implements Closeable {
    /** The first line is hashed up to this many bytes. */
    static final int HEAD_BYTES = 4096;

    final Path name;
    final FileChannel channel;
    final long device;
    final long inode;
    /** The hash of the first line; null while the file has no whole first line. */
    private String head;

    private Segment(Path name, FileChannel channel, long device, long inode) throws IOException {
        this.name = name;
        this.channel = channel;
        this.device = device;
        this.inode = inode;
        this.head = headOf(channel);
    }

    /** Opens a file and tells its identity: the one of the file opened, should the name be replaced meanwhile. */
    static Segment open(Path name) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            long[] before = deviceAndInode(name);
            FileChannel channel = FileChannel.open(name, StandardOpenOption.READ);
            long[] after = deviceAndInode(name);
            if (before[0] == after[0] && before[1] == after[1]) {
                return new Segment(name, channel, after[0], after[1]);
            }
            channel.close();
        }
        throw new IOException(name + " was replaced each time it was opened");
    }

    /** The device and inode of the file a name has now. */
    static long[] deviceAndInode(Path name) throws IOException {
        return new long[] {((Number) Files.getAttribute(name, "unix:dev")).longValue(),
                ((Number) Files.getAttribute(name, "unix:ino")).longValue()};
    }

    /** Whether {@code name} is this file now. */
    boolean isAt(Path name) throws IOException {
        long[] id = deviceAndInode(name);
        return id[0] == device && id[1] == inode;
    }

    /** Whether this is the file a position was taken in. */
    boolean is(FilePosition p) throws IOException {
        return p.device() == device && p.inode() == inode && p.head().equals(head());
    }

    /** The hash of the first line, once there is one (null before). */
    String head() throws IOException {
        if (head == null) {
            head = headOf(channel);
        }
        return head;
    }

    /** Whether the file now begins with another first line than it had, or is shorter than {@code offset}: truncated. */
    boolean truncatedBefore(long offset) throws IOException {
        if (channel.size() < offset) {
            return true;
        }
        return head != null && !head.equals(headOf(channel));
    }

    /** The file was truncated: its first line is the next one written. */
    void truncated() {
        head = null;
    }

    long size() throws IOException {
        return channel.size();
    }

    private static String headOf(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(HEAD_BYTES);
        while (buf.hasRemaining() && channel.read(buf, buf.position()) > 0) {
            // positional reads until the head is read or the file ends
        }
        int length = -1;
        for (int i = 0; i < buf.position(); i++) {
            if (buf.get(i) == '\n') {
                length = i + 1;
                break;
            }
        }
        if (length < 0 && buf.hasRemaining()) {
            return null; // the first line is not whole yet
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(buf.array(), 0, length < 0 ? HEAD_BYTES : length);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
