package io.synfin.core.scenario;

import static io.synfin.core.scenario.TcpScript.MS;
import static io.synfin.core.scenario.TcpScript.SECOND;
import static io.synfin.core.scenario.TcpScript.T0;
import static io.synfin.core.scenario.TcpScript.ack;
import static io.synfin.core.scenario.TcpScript.badChecksum;
import static io.synfin.core.scenario.TcpScript.len;
import static io.synfin.core.scenario.TcpScript.mss;
import static io.synfin.core.scenario.TcpScript.seq;
import static io.synfin.core.scenario.TcpScript.win;
import static io.synfin.core.scenario.TcpScript.wscale;
import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;

import io.synfin.core.scenario.TcpScript.Opt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalogue of scripted connections, one per path through SPEC §5, each a list of timed segments so
 * tests can cut it anywhere (snapshot/restore) or run it whole (no state left after the timers).
 */
final class Scenarios {

    /** One scripted segment. */
    record Scripted(long at, boolean fromClient, int flags, Opt... opts) {

        /** Runs the timers due before this segment (capture-time timers), then sends it. */
        void applyTo(TcpScript script) {
            script.runTimersUntil(at - 1).at(at);
            if (fromClient) {
                script.client(flags, opts);
            } else {
                script.server(flags, opts);
            }
        }
    }

    private Scenarios() {}

    private static Scripted c(long at, int flags, Opt... opts) {
        return new Scripted(at, true, flags, opts);
    }

    private static Scripted s(long at, int flags, Opt... opts) {
        return new Scripted(at, false, flags, opts);
    }

    private static List<Scripted> afterHandshake(Scripted... rest) {
        List<Scripted> steps = new ArrayList<>(List.of(
                c(T0, SYN, seq(100), mss(1460), wscale(7)),
                s(T0 + MS, SYN | ACK, seq(300), ack(101), mss(1400), wscale(8)),
                c(T0 + 2 * MS, ACK, seq(101), ack(301))));
        steps.addAll(List.of(rest));
        return steps;
    }

    static Map<String, List<Scripted>> all() {
        Map<String, List<Scripted>> all = new LinkedHashMap<>();
        all.put("unanswered SYN", List.of(c(T0, SYN, seq(100)), c(T0 + SECOND, SYN, seq(100))));
        all.put("half open", List.of(c(T0, SYN, seq(100)), s(T0 + MS, SYN | ACK, seq(300), ack(101))));
        all.put("refused", List.of(c(T0, SYN, seq(100)), s(T0 + MS, RST | ACK, seq(0), ack(101))));
        all.put("established then idle", afterHandshake());
        all.put("four-way close", afterHandshake(
                c(T0 + SECOND, PSH | ACK, seq(101), ack(301), len(100)),
                s(T0 + SECOND + MS, ACK, seq(301), ack(201), win(0)),
                s(T0 + 2 * SECOND, ACK, seq(301), ack(201), win(500)),
                c(T0 + 3 * SECOND, FIN | ACK, seq(201), ack(301)),
                s(T0 + 3 * SECOND + MS, ACK, seq(301), ack(202)),
                s(T0 + 3 * SECOND + 2 * MS, FIN | ACK, seq(301), ack(202)),
                c(T0 + 3 * SECOND + 3 * MS, ACK, seq(202), ack(302))));
        all.put("simultaneous close", afterHandshake(
                c(T0 + SECOND, FIN | ACK, seq(101), ack(301)),
                s(T0 + SECOND, FIN | ACK, seq(301), ack(101)),
                c(T0 + SECOND + MS, ACK, seq(102), ack(302)),
                s(T0 + SECOND + MS, ACK, seq(302), ack(102))));
        all.put("half-closed orphan", afterHandshake(
                c(T0 + SECOND, FIN | ACK, seq(101), ack(301)),
                s(T0 + SECOND + MS, ACK, seq(301), ack(102)),
                s(T0 + 2 * SECOND, PSH | ACK, seq(301), ack(102), len(10))));
        all.put("reset by responder", afterHandshake(
                s(T0 + SECOND, RST, seq(301)),
                c(T0 + SECOND + MS, ACK, seq(101), ack(301))));
        all.put("out-of-window RST then close", afterHandshake(
                s(T0 + SECOND, RST, seq(9_000_000)),
                c(T0 + 2 * SECOND, FIN | ACK, seq(101), ack(301)),
                s(T0 + 2 * SECOND + MS, FIN | ACK, seq(301), ack(102)),
                c(T0 + 2 * SECOND + 2 * MS, ACK, seq(102), ack(302))));
        all.put("mid-stream", List.of(
                s(T0, PSH | ACK, seq(5000), ack(100), len(100)),
                c(T0 + MS, ACK, seq(100), ack(5100))));
        all.put("bad checksums", List.of(c(T0, SYN, seq(100), badChecksum()), c(T0 + MS, SYN, seq(100))));
        all.put("port reuse in TIME_WAIT", afterHandshake(
                c(T0 + SECOND, FIN | ACK, seq(101), ack(301)),
                s(T0 + SECOND + MS, FIN | ACK, seq(301), ack(102)),
                c(T0 + SECOND + 2 * MS, ACK, seq(102), ack(302)),
                c(T0 + 5 * SECOND, SYN, seq(8_000_000)),
                s(T0 + 5 * SECOND + MS, SYN | ACK, seq(900), ack(8_000_001))));
        all.put("long gaps: idle timeouts, then mid-stream pickups", afterHandshake(
                c(T0 + 3_000 * SECOND, PSH | ACK, seq(101), ack(301), len(10)),
                s(T0 + 5_000 * SECOND, PSH | ACK, seq(301), ack(111), len(20)),
                c(T0 + 7_000 * SECOND, PSH | ACK, seq(111), ack(321), len(30))));
        List<Scripted> longLived = afterHandshake();
        for (int i = 1; i <= 19; i++) {
            longLived.add(c(T0 + i * 200 * SECOND, PSH | ACK, seq(101 + (i - 1) * 10), ack(301), len(10)));
        }
        all.put("long-lived with an interim record", longLived);
        return all;
    }

    static TcpScript run(TcpScript script, List<Scripted> steps) {
        for (Scripted step : steps) {
            step.applyTo(script);
        }
        return script;
    }
}
