package io.synfin.core.record;

import java.util.regex.Pattern;

/** Derives Zeek's {@code conn_state} from the two Zeek-style endpoint states and the history. */
public final class ConnStates {

    // conn/main.zeek: RSTOS0 when the history is a SYN followed by a RST with no SYN-ACK, ACK, FIN, gap,
    // 'I' or 'Q' between them, after an optional flip mark.
    private static final Pattern RSTOS0_HISTORY = Pattern.compile("\\^?S[^HAFGIQ]*R.*");

    private ConnStates() {}

    /**
     * Zeek's algorithm, checked in Zeek's order.
     *
     * @param origBytes originator payload size as Zeek counts it (sequence space)
     * @param respBytes responder payload size
     */
    public static ConnState of(
            ZeekEndpointState orig, ZeekEndpointState resp, long origBytes, long respBytes, String history) {
        if (resp == ZeekEndpointState.RESET) {
            if (orig == ZeekEndpointState.SYN_SENT || orig == ZeekEndpointState.SYN_ACK_SENT
                    || (orig == ZeekEndpointState.RESET && origBytes == 0 && respBytes == 0)) {
                return ConnState.REJ;
            }
            return orig.inactive() ? ConnState.RSTRH : ConnState.RSTR;
        }
        if (orig == ZeekEndpointState.RESET) {
            if (resp.inactive()) {
                return RSTOS0_HISTORY.matcher(history).matches() ? ConnState.RSTOS0 : ConnState.OTH;
            }
            return ConnState.RSTO;
        }
        if (orig == ZeekEndpointState.CLOSED && resp == ZeekEndpointState.CLOSED) {
            return ConnState.SF;
        }
        if (orig == ZeekEndpointState.CLOSED) {
            return resp.inactive() ? ConnState.SH : ConnState.S2;
        }
        if (resp == ZeekEndpointState.CLOSED) {
            return orig.inactive() ? ConnState.SHR : ConnState.S3;
        }
        // Zeek tests the responder for INACTIVE exactly here, not for "inactive or partial".
        if (orig == ZeekEndpointState.SYN_SENT && resp == ZeekEndpointState.INACTIVE) {
            return ConnState.S0;
        }
        if (orig == ZeekEndpointState.ESTABLISHED && resp == ZeekEndpointState.ESTABLISHED) {
            return ConnState.S1;
        }
        return ConnState.OTH;
    }
}
