package io.synfin.job.functions;

import io.synfin.core.TrackerConfig;
import java.io.Serializable;
import java.time.Duration;

/**
 * {@link TrackerConfig} in a form the job graph can ship to the task managers (the core's record is
 * plain Java with no serialization contract of its own).
 */
record TrackerSettings(
        Duration handshakeTimeout,
        boolean extendAttemptOnRetransmit,
        Duration halfOpenTimeout,
        Duration finWait2Timeout,
        Duration idleTimeout,
        Duration timeWait,
        Duration resetLinger,
        Duration interimInterval,
        long seqJumpBytes,
        int maxPayloadBytes,
        boolean checkMss,
        int retransmissionThreshold) implements Serializable {

    static TrackerSettings of(TrackerConfig c) {
        return new TrackerSettings(c.handshakeTimeout(), c.extendAttemptOnRetransmit(), c.halfOpenTimeout(),
                c.finWait2Timeout(), c.idleTimeout(), c.timeWait(), c.resetLinger(), c.interimInterval(),
                c.seqJumpBytes(), c.maxPayloadBytes(), c.checkMss(), c.retransmissionThreshold());
    }

    TrackerConfig toConfig() {
        return new TrackerConfig(handshakeTimeout, extendAttemptOnRetransmit, halfOpenTimeout, finWait2Timeout,
                idleTimeout, timeWait, resetLinger, interimInterval, seqJumpBytes, maxPayloadBytes, checkMss,
                retransmissionThreshold);
    }
}
