package io.synfin.core.state;

import io.synfin.core.analysis.DirectionCounters;
import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.net.AddressScope;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.segment.TcpFlags;
import java.util.Arrays;

/**
 * The per-segment facts that do not depend on the connection's state: header, flag and address
 * anomalies, and each direction's options and advertised windows.
 */
final class SegmentFacts {

    private SegmentFacts() {}

    /** BAD_ADDRESS (SPEC §7): land, TCP to broadcast or multicast, a class E, multicast or broadcast source. */
    static void checkAddresses(ConnectionTracker c, Segment s, EndpointTracker x) {
        byte[] src = s.srcAddr();
        byte[] dst = s.dstAddr();
        AddressScope srcScope = AddressScope.of(src);
        AddressScope dstScope = AddressScope.of(dst);
        if (Arrays.equals(src, dst)) {
            c.report(AnomalyType.BAD_ADDRESS, s.tsMicros(), x, s, "source equals destination (land)");
        } else if (dstScope == AddressScope.BROADCAST || dstScope == AddressScope.MULTICAST) {
            c.report(AnomalyType.BAD_ADDRESS, s.tsMicros(), x, s, String.format("TCP to a %s address", dstScope));
        } else if (srcScope == AddressScope.RESERVED || srcScope == AddressScope.MULTICAST
                || srcScope == AddressScope.BROADCAST) {
            c.report(AnomalyType.BAD_ADDRESS, s.tsMicros(), x, s, String.format("TCP from a %s address", srcScope));
        }
    }

    static void checkHeader(ConnectionTracker c, Segment s, EndpointTracker x) {
        int headerLen = s.options().headerLen();
        if (headerLen < 20 || headerLen > 60 || headerLen % 4 != 0) {
            c.report(AnomalyType.MALFORMED_HEADER, s.tsMicros(), x, s,
                    String.format("TCP header length %d (must be 20..60, a multiple of 4)", headerLen));
        }
    }

    static void checkFlags(ConnectionTracker c, Segment s, EndpointTracker x) {
        int f = s.flags();
        String what = null;
        if ((f & TcpFlags.ALL) == 0) {
            what = "no flags set (NULL scan)";
        } else if (TcpFlags.has(f, TcpFlags.SYN | TcpFlags.FIN)) {
            what = "SYN+FIN";
        } else if (TcpFlags.has(f, TcpFlags.SYN | TcpFlags.RST)) {
            what = "SYN+RST";
        } else if (TcpFlags.has(f, TcpFlags.FIN | TcpFlags.RST)) {
            what = "FIN+RST";
        } else if (TcpFlags.has(f, TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG) && (f & TcpFlags.ACK) == 0) {
            what = "FIN+PSH+URG (Xmas scan)";
        }
        if (what != null) {
            c.report(AnomalyType.INVALID_FLAGS, s.tsMicros(), x, s, what);
        }
        SegmentOptions o = s.options();
        if ((f & TcpFlags.SYN) == 0 && (o.hasMss() || o.hasWindowScale())) {
            // RFC 9293 §3.7.1: MSS only in SYN segments; RFC 7323 §2.2: window scale only in SYN segments.
            c.report(AnomalyType.OPTION_OUTSIDE_SYN, s.tsMicros(), x, s,
                    o.hasMss() ? "MSS option outside a SYN" : "window-scale option outside a SYN");
        }
    }

    static void trackOptionsAndWindow(Segment s, EndpointTracker x, EndpointTracker y) {
        boolean syn = s.has(TcpFlags.SYN);
        if (syn) {
            SegmentOptions o = s.options();
            x.mss = o.mss();
            x.windowScale = (short) o.windowScale();
            if (o.sackPermitted()) {
                x.set(EndpointTracker.SACK_OK);
            }
            if (o.hasTimestamps()) {
                x.set(EndpointTracker.TIMESTAMPS);
            }
        }
        if (s.has(TcpFlags.RST)) {
            return;
        }
        // At most 65535 << 14 (RFC 7323 §2.3): an int holds it.
        int window = (int) x.effectiveWindow(s.window(), syn, y);
        x.lastWindow = window;
        x.minWindow = x.minWindow < 0 ? window : Math.min(x.minWindow, window);
        x.maxWindow = Math.max(x.maxWindow, window);
        long t = s.tsMicros();
        if (window == 0) {
            EndpointExtras more = x.more();
            if (more.zeroWindowSince < 0) {
                more.zeroWindowSince = t;
            }
        } else if (x.seen().zeroWindowSince >= 0) {
            EndpointExtras more = x.more();
            more.zeroWindowMicros += t - more.zeroWindowSince;
            more.zeroWindowSince = -1;
        }
    }

    /**
     * Once both SYNs are seen, tell each direction's analysis its shift: the offered one when both sides
     * offered scaling, -1 otherwise (RFC 7323 §2.2); shifts above 14 count as 14 (RFC 7323 §2.3).
     */
    static void settleWindowScale(EndpointTracker x, EndpointTracker y) {
        if (x.has(EndpointTracker.SCALE_SETTLED) || !x.has(EndpointTracker.SYN_SENT)
                || !y.has(EndpointTracker.SYN_SENT) || x.synTime < 0 || y.synTime < 0) {
            return;
        }
        boolean both = x.windowScale >= 0 && y.windowScale >= 0;
        x.analysis.setWindowScale(both ? Math.min(x.windowScale, 14) : -1);
        y.analysis.setWindowScale(both ? Math.min(y.windowScale, 14) : -1);
        x.set(EndpointTracker.SCALE_SETTLED);
        y.set(EndpointTracker.SCALE_SETTLED);
    }
}
