package io.synfin.core;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Every timeout and threshold of the connection tracker, in one immutable value shared by the Flink job
 * and the offline analyzer. Each default names its source; {@code tcp-core/README-config.md} repeats
 * them in a table (a test keeps the two in step).
 *
 * @param handshakeTimeout SYN unanswered → HANDSHAKE_TIMEOUT, record S0. Default 5 s — Zeek
 *     {@code tcp_attempt_delay}.
 * @param extendAttemptOnRetransmit when true a retransmitted SYN (same ISN) restarts the handshake timer;
 *     when false (default, as Zeek does) the timer runs from the first SYN, so a SYN retried after it
 *     starts a new record.
 * @param halfOpenTimeout SYN-ACK sent, final ACK missing → HALF_OPEN. Default 75 s — Linux
 *     {@code TCP_TIMEOUT_INIT} × SYN-ACK retries (1 + 2 + 4 + 8 + 16 + 32 s ≈ 63 s) rounded up to
 *     the BSD connection-establishment timer of 75 s.
 * @param finWait2Timeout one side closed and acknowledged, the other silent → FIN_WAIT_2_TIMEOUT.
 *     Default 60 s — Linux {@code tcp_fin_timeout}.
 * @param idleTimeout no segment at all → IDLE_TIMEOUT. Default 5 min — Zeek
 *     {@code tcp_inactivity_timeout}.
 * @param timeWait how long the active closer stays in TIME_WAIT (2 × MSL). Default 60 s — Linux
 *     {@code TCP_TIMEWAIT_LEN}; RFC 9293's 2 × MSL with MSL = 2 min (240 s) is the conservative
 *     alternative.
 * @param resetLinger how long segments after an accepted RST still count for the same record. Default
 *     5 s — Zeek {@code tcp_reset_delay}.
 * @param interimInterval period of interim records for long-lived connections; zero disables them.
 *     Default 1 h — SynFin's choice (Zeek writes no interim conn records; Suricata flow timeouts are
 *     of this order).
 * @param seqJumpBytes data further than this beyond the highest sequence seen → SEQ_JUMP. Default
 *     1 MiB — Zeek {@code TOO_LARGE_SEQ_DELTA} (1048576).
 * @param maxPayloadBytes payload above this → OVERSIZED_SEGMENT. Default 65495 — 65535 − 20 − 20, the
 *     largest payload of an IPv4 datagram with minimal headers.
 * @param checkMss when true, payload above the peer's announced MSS is also OVERSIZED_SEGMENT. Default
 *     false — captures on a host see segments coalesced by TSO/GRO above the MSS.
 * @param retransmissionThreshold retransmitted payload segments in one direction that raise
 *     EXCESSIVE_RETRANSMISSIONS once; zero disables. Default 100 — Zeek {@code tcp_storm_thresh}'s
 *     order of magnitude scaled to a whole connection; single retransmissions are counters only (SPEC §7).
 */
public record TrackerConfig(
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

    /** The documented defaults. */
    public static final TrackerConfig DEFAULTS = new TrackerConfig(
            Duration.ofSeconds(5),
            false,
            Duration.ofSeconds(75),
            Duration.ofSeconds(60),
            Duration.ofMinutes(5),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Duration.ofHours(1),
            1L << 20,
            65495,
            false,
            100);

    public TrackerConfig {
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(halfOpenTimeout, "halfOpenTimeout");
        requirePositive(finWait2Timeout, "finWait2Timeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(timeWait, "timeWait");
        requirePositive(resetLinger, "resetLinger");
        Objects.requireNonNull(interimInterval, "interimInterval");
        if (interimInterval.isNegative()) {
            throw new IllegalArgumentException(String.format("interimInterval must not be negative: %s", interimInterval));
        }
        if (seqJumpBytes <= 0 || maxPayloadBytes <= 0 || retransmissionThreshold < 0) {
            throw new IllegalArgumentException(String.format(
                    "seqJumpBytes (%d) and maxPayloadBytes (%d) must be positive, retransmissionThreshold (%d) not negative",
                    seqJumpBytes, maxPayloadBytes, retransmissionThreshold));
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(String.format("%s must be positive: %s", name, d));
        }
    }

    static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    public long handshakeTimeoutMicros() {
        return micros(handshakeTimeout);
    }

    public long halfOpenTimeoutMicros() {
        return micros(halfOpenTimeout);
    }

    public long finWait2TimeoutMicros() {
        return micros(finWait2Timeout);
    }

    public long idleTimeoutMicros() {
        return micros(idleTimeout);
    }

    public long timeWaitMicros() {
        return micros(timeWait);
    }

    public long resetLingerMicros() {
        return micros(resetLinger);
    }

    public long interimIntervalMicros() {
        return micros(interimInterval);
    }

    /** A copy with another TIME_WAIT length. */
    public TrackerConfig withTimeWait(Duration value) {
        return new TrackerConfig(handshakeTimeout, extendAttemptOnRetransmit, halfOpenTimeout, finWait2Timeout,
                idleTimeout, value, resetLinger, interimInterval, seqJumpBytes, maxPayloadBytes, checkMss,
                retransmissionThreshold);
    }

    /** A copy with another interim interval (zero disables interim records). */
    public TrackerConfig withInterimInterval(Duration value) {
        return new TrackerConfig(handshakeTimeout, extendAttemptOnRetransmit, halfOpenTimeout, finWait2Timeout,
                idleTimeout, timeWait, resetLinger, value, seqJumpBytes, maxPayloadBytes, checkMss,
                retransmissionThreshold);
    }

    /** A copy where a retransmitted SYN restarts the handshake timer. */
    public TrackerConfig withExtendAttemptOnRetransmit(boolean value) {
        return new TrackerConfig(handshakeTimeout, value, halfOpenTimeout, finWait2Timeout, idleTimeout, timeWait,
                resetLinger, interimInterval, seqJumpBytes, maxPayloadBytes, checkMss, retransmissionThreshold);
    }

    /** A copy that also checks payload against the peer's MSS. */
    public TrackerConfig withCheckMss(boolean value) {
        return new TrackerConfig(handshakeTimeout, extendAttemptOnRetransmit, halfOpenTimeout, finWait2Timeout,
                idleTimeout, timeWait, resetLinger, interimInterval, seqJumpBytes, maxPayloadBytes, value,
                retransmissionThreshold);
    }
}
