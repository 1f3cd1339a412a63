package io.synfin.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.cli.analyze.Analysis;
import io.synfin.cli.analyze.Collector;
import io.synfin.core.TrackerConfig;
import io.synfin.core.flow.Addresses;
import io.synfin.core.record.ConnectionSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SynFin against Zeek's own regression verdicts: {@code analyze} on every trace of testdata/zeek, each
 * TCP row compared as testdata/zeek/README.md says — keyed by first-packet time and endpoints, or as a
 * group where one endpoint pair has several rows; orientation, {@code conn_state}, {@code history}
 * and the packet and byte counters. Every difference must be one the main README lists, with its
 * reason, in the table under "Conformance with Zeek"; and every listed difference must still occur.
 */
class ZeekConformanceITCase {

    private static final Path ZEEK = Path.of("..", "testdata", "zeek").toAbsolutePath().normalize();
    private static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();
    private static final Path REPORT = Path.of("target", "zeek-conformance.md");

    @Test
    void everyRowAgreesWithZeekOrIsAListedDifference() throws IOException {
        List<ZeekCase> cases;
        try (Stream<Path> dirs = Files.list(ZEEK)) {
            cases = dirs.filter(d -> Files.exists(d.resolve("case.json"))).sorted().map(ZeekCase::load).toList();
        }
        assertThat(cases).hasSize(39);
        assertThat(cases.stream().mapToInt(c -> c.rows().size()).sum()).isEqualTo(169);

        Set<String> found = new TreeSet<>();
        int agreeing = 0;
        for (ZeekCase zeekCase : cases) {
            List<String> differences = compare(zeekCase);
            found.addAll(differences);
            agreeing += zeekCase.rows().size() - differences.stream()
                    .map(d -> d.split("\\|")[1])
                    .distinct()
                    .mapToInt(rowIds -> rowIds.split(",").length)
                    .sum();
        }
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, "| case | row | field | Zeek | SynFin |\n| --- | --- | --- | --- | --- |\n"
                + String.join("\n", found.stream().map(d -> "| " + d.replace("|", " | ") + " |").toList()) + "\n");

        Set<String> listed = listedDifferences();
        assertThat(found).as("differences found (full table in %s), rows agreeing: %d of 169", REPORT.toAbsolutePath(), agreeing)
                .containsExactlyInAnyOrderElementsOf(listed);
    }

    /** Differences of one case, each "case|row|field|zeek|synfin". */
    static List<String> compare(ZeekCase zeekCase) {
        Collector collector = new Collector();
        Analysis.Result result = new Analysis(TrackerConfig.DEFAULTS, zeekCase.checksumsVerified(), 0)
                .run(zeekCase.trace().toString(), collector, null);
        assertThat(result.error()).as(zeekCase.name()).isNull();

        Map<String, List<ConnectionSummary>> ours = new HashMap<>();
        for (ConnectionSummary s : collector.records()) {
            ours.computeIfAbsent(pair(endpoint(s.origAddr(), s.origPort()), endpoint(s.respAddr(), s.respPort())),
                    k -> new ArrayList<>()).add(s);
        }
        Map<String, List<ZeekCase.Row>> expected = new LinkedHashMap<>();
        for (ZeekCase.Row row : zeekCase.rows()) {
            expected.computeIfAbsent(pair(row.orig(), row.resp()), k -> new ArrayList<>()).add(row);
        }
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, List<ZeekCase.Row>> e : expected.entrySet()) {
            List<ConnectionSummary> mine = new ArrayList<>(ours.getOrDefault(e.getKey(), List.of()));
            mine.sort(Comparator.comparingLong(ConnectionSummary::startMicros));
            List<ZeekCase.Row> rows = e.getValue();
            if (rows.size() == 1 && rows.get(0).firstPacketMicros() >= 0) {
                ZeekCase.Row row = rows.get(0);
                ConnectionSummary match = mine.stream()
                        .filter(s -> Math.abs(s.startMicros() - row.firstPacketMicros()) <= 1)
                        .findFirst()
                        .orElse(null);
                if (match == null) {
                    differences.add(zeekCase.name() + "|" + row.row() + "|record|1 connection|"
                            + (mine.isEmpty() ? "none" : mine.size() + " starting elsewhere"));
                } else {
                    differences.addAll(compareRow(zeekCase.name(), String.valueOf(row.row()), row, match));
                }
            } else {
                // several rows for one endpoint pair: match in order of start (Zeek's rows have no usable ts)
                String rowIds = rows.stream().map(r -> String.valueOf(r.row())).reduce((a, b) -> a + "," + b).orElse("");
                if (mine.size() != rows.size()) {
                    differences.add(zeekCase.name() + "|" + rowIds + "|records|" + rows.size() + "|" + mine.size());
                    continue;
                }
                List<String> zeekSigs = rows.stream().map(ZeekConformanceITCase::signature).sorted().toList();
                List<String> ourSigs = mine.stream().map(s -> signature(rows.get(0), s)).sorted().toList();
                if (!zeekSigs.equals(ourSigs)) {
                    differences.add(zeekCase.name() + "|" + rowIds + "|group|" + String.join(" ", zeekSigs) + "|"
                            + String.join(" ", ourSigs));
                }
            }
        }
        return differences;
    }

    private static List<String> compareRow(String name, String id, ZeekCase.Row row, ConnectionSummary s) {
        List<String> d = new ArrayList<>();
        String prefix = name + "|" + id + "|";
        String origEndpoint = endpoint(s.origAddr(), s.origPort());
        if (!origEndpoint.equals(row.orig())) {
            d.add(prefix + "originator|" + row.orig() + "|" + origEndpoint);
        }
        if (row.connState() != null && !row.connState().equals(s.connState().name())) {
            d.add(prefix + "conn_state|" + row.connState() + "|" + s.connState());
        }
        if (row.history() != null && !row.history().equals(s.history())) {
            d.add(prefix + "history|" + row.history() + "|" + s.history());
        }
        check(d, prefix + "orig_pkts", row.origPkts(), s.origPkts());
        check(d, prefix + "resp_pkts", row.respPkts(), s.respPkts());
        check(d, prefix + "orig_bytes", row.origBytes(), s.origBytes());
        check(d, prefix + "resp_bytes", row.respBytes(), s.respBytes());
        return d;
    }

    private static void check(List<String> d, String what, Long zeek, long ours) {
        if (zeek != null && zeek != ours) {
            d.add(what + "|" + zeek + "|" + ours);
        }
    }

    private static String signature(ZeekCase.Row r) {
        return r.orig() + ">" + r.connState() + "/" + r.history() + "/" + r.origPkts() + "," + r.respPkts() + ","
                + r.origBytes() + "," + r.respBytes();
    }

    /** Our record in the same shape, leaving out what the baseline does not have. */
    private static String signature(ZeekCase.Row like, ConnectionSummary s) {
        return endpoint(s.origAddr(), s.origPort()) + ">" + (like.connState() == null ? null : s.connState()) + "/"
                + (like.history() == null ? null : s.history()) + "/" + (like.origPkts() == null ? null : s.origPkts())
                + "," + (like.respPkts() == null ? null : s.respPkts()) + ","
                + (like.origBytes() == null ? null : s.origBytes()) + "," + (like.respBytes() == null ? null : s.respBytes());
    }

    private static String endpoint(byte[] addr, int port) {
        return ZeekCase.endpoint(Addresses.format(addr), String.valueOf(port));
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + " " + b : b + " " + a;
    }

    /** The README's table rows under "Conformance with Zeek": | case | row | field | Zeek | SynFin | why |. */
    private static Set<String> listedDifferences() throws IOException {
        Set<String> listed = new TreeSet<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## Conformance with Zeek");
            } else if (inSection && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                listed.add(String.join("|", strip(cells[1]), strip(cells[2]), strip(cells[3]), strip(cells[4]), strip(cells[5])));
            }
        }
        return listed;
    }

    private static String strip(String cell) {
        return cell.trim().replace("`", "");
    }
}
