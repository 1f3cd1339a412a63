package io.synfin.schema.mapping;

import io.synfin.core.record.ConnectionSummary;
import io.synfin.schema.FlipReason;

/**
 * Derives the wire {@link FlipReason} of a connection summary. The core states its reason only as free
 * text, so this reads the structural facts instead: where the last role-flip mark {@code ^} stands in
 * Zeek's history and which letter follows it.
 */
final class FlipReasons {

    private FlipReasons() {}

    /** The reason of the last flip, or null when the roles were never flipped. */
    static FlipReason of(ConnectionSummary summary) {
        String history = summary.history();
        int mark = history.lastIndexOf('^');
        if (summary.flips() == 0 || mark < 0) {
            return null;
        }
        if (mark > 0) {
            // Letters before the mark: the roles were already assigned when a segment contradicted them.
            // The tracker flips later only when the side taken for the responder sends a plain SYN after
            // the other side's SYN-ACK (Zeek's rule for a SYN-ACK seen before its SYN).
            return FlipReason.SYN_FROM_RESPONDER;
        }
        // A mark before any letter: the roles were decided on the first segment. A SYN-ACK (the
        // responder's 'h' right after the mark) makes its receiver the originator; any other segment was
        // flipped because its source port is a likely server port.
        boolean synAckFirst = history.length() > 1 && history.charAt(1) == 'h';
        return synAckFirst ? FlipReason.SYN_ACK_FIRST : FlipReason.SOURCE_IS_SERVER_PORT;
    }
}
