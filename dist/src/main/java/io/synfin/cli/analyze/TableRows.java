package io.synfin.cli.analyze;

import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.state.FlowTable;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The table's sink: formats each connection's row on a second thread while the tracker is still
 * emitting, then writes the rows in start order. Most records of a capture come out of the end-of-input
 * flush, one after another, so formatting them alongside the flush rather than after it takes the
 * table off the end of the run. Rows are sorted by start time, ties by uid: the trackers of a
 * {@link Analysis#runSharded sharded run} emit from two threads, so the order of emission is not
 * repeatable but the table is. Safe for several emitting threads.
 */
final class TableRows implements FlowTable.Sink {

    private static final int BATCH = 1024;
    private static final List<ConnectionSummary> END = List.of();

    private final BlockingQueue<List<ConnectionSummary>> batches = new ArrayBlockingQueue<>(32);
    private final Formatter formatter = new Formatter();
    private final Thread thread;
    private final Map<ConnState, Integer> byState = new EnumMap<>(ConnState.class);
    private final Map<CloseKind, Integer> byClose = new EnumMap<>(CloseKind.class);
    private final Map<AnomalyType, Integer> byType = new EnumMap<>(AnomalyType.class);
    private List<ConnectionSummary> batch = new ArrayList<>(BATCH);
    private int records;
    private int anomalies;

    TableRows() {
        thread = new Thread(formatter, "synfin-table");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void record(ConnectionSummary summary) {
        records++;
        byState.merge(summary.connState(), 1, Integer::sum);
        byClose.merge(summary.closeKind(), 1, Integer::sum);
        batch.add(summary);
        if (batch.size() == BATCH) {
            hand(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    @Override
    public synchronized void anomaly(Anomaly anomaly) {
        anomalies++;
        byType.merge(anomaly.type(), 1, Integer::sum);
    }

    /** Waits for the last row, then prints the header, the rows in start order and the summary. */
    synchronized void print(Analysis.Result result, double seconds, PrintStream out) {
        if (!batch.isEmpty()) {
            hand(batch);
        }
        hand(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the table was formatted", e);
        }
        if (formatter.failure != null) {
            throw new IllegalStateException("formatting the table failed", formatter.failure);
        }
        StringBuilder header = new StringBuilder(256);
        ConnectionTable.row(header, "start (UTC)", "originator -> responder", "state", "close", "pkts o/r",
                "bytes o/r", "duration", "anm", "uid");
        byte[] head = header.toString().getBytes(StandardCharsets.UTF_8);
        out.write(head, 0, head.length);
        formatter.writeSorted(out);
        ConnectionTable.summary(records, anomalies, byState, byClose, byType, result, seconds, out);
    }

    private void hand(List<ConnectionSummary> rows) {
        try {
            batches.put(rows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing rows to the table", e);
        }
    }

    /** Runs on the table thread: every row's UTF-8 bytes in one buffer, in arrival order. */
    private final class Formatter implements Runnable {
        private final ConnectionTable.StartTimes times = new ConnectionTable.StartTimes();
        private final StringBuilder line = new StringBuilder(256);
        private byte[] bytes = new byte[1 << 20];
        private int used;
        private int[] offsets = new int[BATCH + 1];
        private long[] starts = new long[BATCH];
        private String[] uids = new String[BATCH];
        private int rows;
        private volatile Throwable failure;

        @Override
        public void run() {
            try {
                for (List<ConnectionSummary> next = batches.take(); next != END; next = batches.take()) {
                    for (ConnectionSummary r : next) {
                        add(r);
                    }
                }
            } catch (Throwable e) {
                failure = e;
                // Keep taking so the tracker thread never blocks on a full queue.
                drain();
            }
        }

        private void drain() {
            try {
                while (batches.take() != END) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void add(ConnectionSummary r) {
            line.setLength(0);
            ConnectionTable.connectionRow(line, times, r);
            byte[] row = line.toString().getBytes(StandardCharsets.UTF_8);
            if (used + row.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + row.length));
            }
            System.arraycopy(row, 0, bytes, used, row.length);
            if (rows + 1 >= offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
                starts = Arrays.copyOf(starts, offsets.length);
                uids = Arrays.copyOf(uids, offsets.length);
            }
            starts[rows] = r.startMicros();
            uids[rows] = r.uid();
            offsets[rows] = used;
            used += row.length;
            offsets[++rows] = used;
        }

        /** Writes the rows sorted by start time, then uid; rows already in that order are written at once. */
        void writeSorted(PrintStream out) {
            boolean sorted = true;
            for (int i = 1; i < rows && sorted; i++) {
                sorted = compare(i - 1, i) <= 0;
            }
            if (sorted) {
                out.write(bytes, 0, used);
                return;
            }
            Integer[] order = new Integer[rows];
            for (int i = 0; i < rows; i++) {
                order[i] = i;
            }
            Arrays.sort(order, this::compare);
            byte[] chunk = new byte[1 << 16];
            int filled = 0;
            for (int i : order) {
                int from = offsets[i];
                int length = offsets[i + 1] - from;
                if (filled + length > chunk.length) {
                    out.write(chunk, 0, filled);
                    filled = 0;
                }
                if (length > chunk.length) {
                    out.write(bytes, from, length);
                    continue;
                }
                System.arraycopy(bytes, from, chunk, filled, length);
                filled += length;
            }
            out.write(chunk, 0, filled);
        }

        private int compare(int a, int b) {
            int byStart = Long.compare(starts[a], starts[b]);
            return byStart != 0 ? byStart : uids[a].compareTo(uids[b]);
        }
    }
}
