package org.auditml.read.raw;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ByteText keeps valid UTF-8 as text and writes every other byte as {@code \xNN}: checked against a decoding byte by
 * byte that asks the JDK whether each candidate sequence is one character that encodes back to the same bytes.
 */
class ByteTextProperties {

    @Property(tries = 500)
    void decode_keepsValidUtf8_andEscapesEveryOtherByte(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] bytes = mostlyText(random, random.nextInt(60));
        int off = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        int len = bytes.length - off == 0 ? 0 : random.nextInt(bytes.length - off + 1);

        assertThat(ByteText.decode(bytes, off, len)).isEqualTo(byteByByte(Arrays.copyOfRange(bytes, off, off + len)));
    }

    /** ASCII, valid multi-byte characters, their pieces, and stray bytes, mixed. */
    private static byte[] mostlyText(Random random, int pieces) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < pieces; i++) {
            byte[] piece = switch (random.nextInt(6)) {
                case 0, 1, 2 -> new byte[]{(byte) (0x20 + random.nextInt(0x5f))};
                case 3 -> new String(Character.toChars(0x80 + random.nextInt(0x10ff80 - 0x800))).getBytes(StandardCharsets.UTF_8);
                case 4 -> {
                    byte[] whole = "é€😀".getBytes(StandardCharsets.UTF_8);
                    int from = random.nextInt(whole.length);
                    yield Arrays.copyOfRange(whole, from, from + 1 + random.nextInt(whole.length - from));
                }
                default -> new byte[]{(byte) random.nextInt(256)};
            };
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    private static String byteByByte(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < bytes.length) {
            int taken = 0;
            for (int n = 1; n <= 4 && i + n <= bytes.length; n++) {
                byte[] candidate = Arrays.copyOfRange(bytes, i, i + n);
                String s = new String(candidate, StandardCharsets.UTF_8);
                if (s.codePointCount(0, s.length()) == 1 && Arrays.equals(s.getBytes(StandardCharsets.UTF_8), candidate)) {
                    out.append(s);
                    taken = n;
                    break;
                }
            }
            if (taken == 0) {
                out.append(String.format("\\x%02x", bytes[i] & 0xff));
                taken = 1;
            }
            i += taken;
        }
        return out.toString();
    }
}
