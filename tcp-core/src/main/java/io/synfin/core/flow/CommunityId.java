package io.synfin.core.flow;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Community ID flow hash, version 1 (corelight/community-id-spec), the flow identifier Zeek, Suricata,
 * Arkime and many SIEMs share, so SynFin's records join with theirs (SPEC §4).
 *
 * <p>Hash input: seed (2 bytes) | source address | destination address | protocol (1) | padding (1) |
 * source port (2) | destination port (2), big-endian, with the endpoints ordered so that the smaller
 * (address, port) comes first. Output: {@code "1:" + base64(SHA-1)}.
 */
public final class CommunityId {

    /** IANA protocol number of TCP. */
    public static final int PROTO_TCP = 6;

    private CommunityId() {}

    /** The Community ID of a TCP flow with seed 0, the default every tool uses. */
    public static String tcp(byte[] addrA, int portA, byte[] addrB, int portB) {
        return of(0, addrA, portA, addrB, portB, PROTO_TCP);
    }

    /** The Community ID of the key's TCP flow with seed 0. */
    public static String of(FlowKey key) {
        return tcp(key.lowAddr(), key.lowPort(), key.highAddr(), key.highPort());
    }

    public static String of(int seed, byte[] addrA, int portA, byte[] addrB, int portB, int proto) {
        boolean keep = FlowKey.compareEndpoints(addrA, portA, addrB, portB) <= 0;
        byte[] src = keep ? addrA : addrB;
        byte[] dst = keep ? addrB : addrA;
        int sport = keep ? portA : portB;
        int dport = keep ? portB : portA;
        byte[] input = new byte[2 + 2 * src.length + 2 + 4];
        int at = 0;
        input[at++] = (byte) (seed >>> 8);
        input[at++] = (byte) seed;
        System.arraycopy(src, 0, input, at, src.length);
        at += src.length;
        System.arraycopy(dst, 0, input, at, dst.length);
        at += dst.length;
        input[at++] = (byte) proto;
        input[at++] = 0;
        input[at++] = (byte) (sport >>> 8);
        input[at++] = (byte) sport;
        input[at++] = (byte) (dport >>> 8);
        input[at] = (byte) dport;
        return "1:" + Base64.getEncoder().encodeToString(sha1().digest(input));
    }

    // One digest per thread: looking SHA-1 up in the providers for every connection cost more than
    // hashing its 12 to 36 bytes. digest() resets it for the next use.
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(CommunityId::newSha1);

    private static MessageDigest sha1() {
        return SHA1.get();
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime must provide SHA-1 (MessageDigest class documentation).
            throw new IllegalStateException("SHA-1 missing from the Java runtime", e);
        }
    }
}
