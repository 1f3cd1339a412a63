package io.synfin.core.state;

import io.synfin.core.analysis.DirectionAnalysis;

/**
 * The whole state of one connection as plain values (primitives, strings, primitive arrays), small
 * enough for Flink keyed state and stable enough to map to a POJO or Avro type.
 *
 * @param key {@link io.synfin.core.flow.FlowKey#toBytes()}
 * @param closeKind ordinal of the decided close kind, -1 when undecided
 * @param times connection-level times and counters, in the order {@link ConnectionTracker} writes them
 * @param orig originator endpoint fields, in the order {@link EndpointTracker} writes them
 * @param resp responder endpoint fields
 * @param origAnalysis segment-analysis state of the originator's direction
 * @param respAnalysis segment-analysis state of the responder's direction
 */
public record ConnectionSnapshot(
        byte[] key,
        String uid,
        long startMicros,
        boolean origIsLow,
        boolean guessed,
        int flips,
        String flipReason,
        int closeKind,
        int anomalyCount,
        String history,
        int historySeen,
        long[] times,
        long[] orig,
        long[] resp,
        DirectionAnalysis.Snapshot origAnalysis,
        DirectionAnalysis.Snapshot respAnalysis) {}
